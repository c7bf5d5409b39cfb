#!/usr/bin/env node
// Renders deploy/monitoring/rules.src.yaml (the one source of Tika's Prometheus rules) into
//   helm/tika/templates/prometheusrule.yaml          a PrometheusRule, thresholds from the chart's values
//   deploy/monitoring/prometheus/tika.rules.yml      a plain rule file for the compose `monitoring` profile
//
//   node scripts/alerts/render.mjs            write both
//   node scripts/alerts/render.mjs --check    exit 1 when a written file differs from what the source renders
//
// Also imported by the tests: renderCompose() with shortened `for` and group intervals for the end-to-end run.
// The emitter is hand-written on purpose: expressions go out as literal blocks and strings single-quoted, so the
// same text is valid YAML before and after Helm fills in its values (a YAML library would choose quoting that Go
// templates break).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sourcePath = path.join(root, 'deploy/monitoring/rules.src.yaml');
export const helmPath = path.join(root, 'helm/tika/templates/prometheusrule.yaml');
export const composePath = path.join(root, 'deploy/monitoring/prometheus/tika.rules.yml');

const API_EXCLUDE = 'route!~"/api/health.*|/api/metrics"';
// Helm: a group with `when: <name>` is rendered only when this value is true.
/** @type {Record<string, string>} */
const HELM_CONDITIONS = { backups: '.Values.backup.enabled' };

// The source's shape (deploy/monitoring/rules.src.yaml): thresholds as params, groups of Prometheus rules.
/**
 * @typedef {{
 *   record?: string, alert?: string, expr: string, for?: string,
 *   labels?: Record<string, unknown>, annotations?: Record<string, unknown>,
 * }} Rule
 */
/** @typedef {{ name: string, interval?: string, when?: string, rules: Rule[] }} Group */
/** @typedef {{ params: Record<string, { default: unknown, helm: string, doc: string }>, groups: Group[] }} Source */
/**
 * How a renderer fills in a rule's text.
 * @typedef {{ expr: (text: string) => string, text: (text: string) => string,
 *   for: (value: string) => string, interval: (value: string) => string }} Substitutions
 */

/** @returns {Source} */
export function loadSource(file = sourcePath) {
  const source = /** @type {Source | null} */ (parse(readFileSync(file, 'utf8')));
  if (!source?.params || !Array.isArray(source.groups)) throw new Error(`${file}: expected params and groups`);
  return source;
}

/** @param {unknown} text */
const quote = (text) => `'${String(text).replaceAll("'", "''")}'`;

/**
 * @param {string} key
 * @param {string} text
 * @param {number} indent
 */
function block(key, text, indent) {
  const pad = ' '.repeat(indent);
  const lines = String(text).trimEnd().split('\n');
  const [only] = lines;
  if (lines.length === 1 && only !== undefined && !/[:#'"{}[\],&*!|>%@`]/.test(only) && !only.startsWith('-'))
    return `${pad}${key}: ${only}\n`;
  return `${pad}${key}: |-\n${lines.map((line) => `${pad}  ${line}`).join('\n')}\n`;
}

/**
 * @param {Group} group
 * @param {Substitutions} sub
 */
function emitGroup(group, sub) {
  let out = `  - name: ${group.name}\n`;
  if (group.interval) out += `    interval: ${sub.interval(group.interval)}\n`;
  out += '    rules:\n';
  for (const rule of group.rules) {
    const head = rule.record ? `record: ${rule.record}` : `alert: ${rule.alert}`;
    out += `      - ${head}\n`;
    out += block('expr', sub.expr(rule.expr), 8);
    if (rule.for !== undefined) out += `        for: ${sub.for(rule.for)}\n`;
    for (const section of /** @type {const} */ (['labels', 'annotations'])) {
      const entries = rule[section];
      if (!entries) continue;
      out += `        ${section}:\n`;
      for (const [key, value] of Object.entries(entries))
        out += `          ${key}: ${quote(sub.text(String(value)))}\n`;
    }
  }
  return out;
}

/**
 * @param {string} text
 * @param {Record<string, string>} tokens
 */
function substitute(text, tokens) {
  return text.replace(/\$\{(\w+)\}/g, (whole, /** @type {string} */ name) => {
    const value = tokens[name];
    if (value === undefined) throw new Error(`unknown token ${whole} in: ${text}`);
    return value;
  });
}

/**
 * The compose rule file. Options for tests: job (scrape job name), forOverride (every non-zero `for`),
 * intervalOverride (every group interval).
 * @param {{ job?: string, forOverride?: string, intervalOverride?: string }} options
 */
export function renderCompose(options = {}, source = loadSource()) {
  const job = `job="${options.job ?? 'tika'}"`;
  /** @type {Record<string, string>} */
  const tokens = { job, api: `${job},${API_EXCLUDE}` };
  for (const [name, param] of Object.entries(source.params)) tokens[name] = String(param.default);
  /** @type {Substitutions} */
  const sub = {
    expr: (text) => substitute(text, tokens),
    text: (text) => substitute(text, tokens),
    for: (value) => (options.forOverride && !/^0[smh]?$/.test(value) ? options.forOverride : value),
    interval: (value) => options.intervalOverride ?? value,
  };
  let out =
    '# GENERATED by scripts/alerts/render.mjs from deploy/monitoring/rules.src.yaml: edit the source, then\n' +
    '# `npm run alerts:render`. Loaded by Prometheus in the compose `monitoring` profile.\n' +
    'groups:\n';
  for (const group of source.groups) out += emitGroup(group, sub);
  return out;
}

/** The Helm template (a Go template producing a PrometheusRule). */
export function renderHelm(source = loadSource()) {
  // Go template actions cannot appear raw in the output: Prometheus' own {{ … }} is escaped first.
  /** @param {string} text */
  const escapeGo = (text) => text.replace(/\{\{|\}\}/g, (m) => `{{ "${m}" }}`);
  /** @type {Record<string, string>} */
  const tokens = {};
  for (const [name, param] of Object.entries(source.params)) tokens[name] = `{{ ${param.helm} }}`;
  // Tokens become placeholders first, so escaping cannot touch the `}` that closes `{${job}}`.
  /** @param {string} text */
  const render = (text) => {
    /** @type {string[]} */
    const actions = [];
    /** @param {string} action */
    const hold = (action) => `\u0000${actions.push(action) - 1}\u0000`;
    /** @type {(whole: string, before: string, name: string) => string} */
    const replaceToken = (whole, before, name) => {
      if (name === 'job' || name === 'api') {
        if (before !== '{') throw new Error(`\${${name}} must open a label matcher ("{\${${name}}"): ${text}`);
        // {{- trims the space before it: `{ {{- $job }}` renders as `{job="…"`, and `{{{` never reaches Go.
        return `{${hold(` {{- $${name} }}`)}`;
      }
      const token = tokens[name];
      if (token === undefined) throw new Error(`unknown token \${${name}} in: ${text}`);
      return `${before}${hold(token)}`;
    };
    const held = text.replace(/(.?)\$\{(\w+)\}/g, replaceToken);
    return escapeGo(held).replace(/\u0000(\d+)\u0000/g, (_, /** @type {string} */ i) => actions[Number(i)] ?? '');
  };
  /** @type {Substitutions} */
  const sub = { expr: render, text: render, for: (value) => value, interval: (value) => value };
  let out = `{{- /*
GENERATED by scripts/alerts/render.mjs from deploy/monitoring/rules.src.yaml: edit the source, then run
\`npm run alerts:render\`. The same source renders the compose monitoring profile's rule file; promtool tests in
deploy/monitoring/tests run against both (npm run test:alerts).
*/ -}}
{{- if .Values.metrics.prometheusRule.enabled }}
{{- $rules := .Values.metrics.prometheusRule }}
{{- $slo := $rules.slo }}
{{- $budget := printf "%.6f" (subf 1.0 $slo.availability) }}
{{- $job := printf "job=%q,namespace=%q" (include "tika.fullname" .) .Release.Namespace }}
{{- $api := printf "%s,${API_EXCLUDE.replaceAll('"', '\\"')}" $job }}
# Thresholds: ${Object.entries(source.params)
    .map(([name, p]) => `${name} = ${p.doc}`)
    .join('; ')}.
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: {{ include "tika.fullname" . }}-slo
  labels:
    {{- include "tika.labels" . | nindent 4 }}
    {{- with $rules.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  groups:
`;
  for (const group of source.groups) {
    const condition = group.when && HELM_CONDITIONS[group.when];
    if (group.when && !condition) throw new Error(`group ${group.name}: unknown condition ${group.when}`);
    const text = emitGroup(group, sub)
      .split('\n')
      .map((line) => (line ? `  ${line}` : line))
      .join('\n');
    out += condition ? `{{- if ${condition} }}\n${text}{{- end }}\n` : text;
  }
  return `${out}{{- end }}\n`;
}

function main() {
  const check = process.argv.includes('--check');
  const source = loadSource();
  /** @type {[string, string][]} */
  const outputs = [
    [helmPath, renderHelm(source)],
    [composePath, renderCompose({}, source)],
  ];
  let stale = 0;
  for (const [file, text] of outputs) {
    const rel = path.relative(root, file);
    let current = null;
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      current = null;
    }
    if (current === text) continue;
    if (check) {
      console.error(`alerts: ${rel} is not what deploy/monitoring/rules.src.yaml renders; run npm run alerts:render`);
      stale++;
    } else {
      writeFileSync(file, text);
      console.log(`alerts: wrote ${rel}`);
    }
  }
  if (stale) process.exit(1);
  if (check) console.log('alerts: rendered files match the source');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
