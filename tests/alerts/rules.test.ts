import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
// @ts-expect-error -- plain JS build script, no type declarations
import { composePath, loadSource, renderCompose, renderHelm } from '../../scripts/alerts/render.mjs';
import { chartDir, helm, KUBE_VERSION, parseManifests, root } from '../delivery/support';

// One source (deploy/monitoring/rules.src.yaml), two renderings (Helm PrometheusRule, compose rule file), one set of
// promtool unit tests that must pass against both. Every alert has a test where it fires and one where it stays
// quiet; every runbook it links to exists.

const testsDir = path.join(root, 'deploy/monitoring/tests');
const testFiles = readdirSync(testsDir).filter((f) => f.endsWith('.test.yml'));
const work = mkdtempSync(path.join(os.tmpdir(), 'tika-alerts-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Rule = { alert?: string; record?: string; expr: string; annotations?: Record<string, string> };
type Group = { name: string; rules: Rule[] };
const source = loadSource() as { groups: Group[] };
const alerts = source.groups.flatMap((g) => g.rules).filter((r) => r.alert);

function promtool(args: string[], cwd: string): { ok: boolean; output: string } {
  const run = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  if (run.error) throw new Error(`promtool: ${run.error.message} (apt-get install prometheus)`);
  return { ok: run.status === 0, output: `${run.stdout}\n${run.stderr}` };
}

/** A directory holding `tika.rules.yml` (the rendering under test) and every promtool test file. */
function suiteDir(name: string, rules: string): string {
  const dir = path.join(work, name);
  execFileSync('mkdir', ['-p', dir]);
  writeFileSync(path.join(dir, 'tika.rules.yml'), rules);
  for (const f of testFiles) copyFileSync(path.join(testsDir, f), path.join(dir, f));
  return dir;
}

/** The chart's PrometheusRule rendered by the real helm binary, as a plain rule file. */
function helmRules(values: Record<string, unknown>): string {
  const file = path.join(work, `values-${Math.random().toString(36).slice(2)}.yaml`);
  const metrics = (values.metrics ?? {}) as { prometheusRule?: object };
  const merged = { ...values, metrics: { ...metrics, prometheusRule: { enabled: true, ...metrics.prometheusRule } } };
  writeFileSync(file, stringify(merged));
  const args = ['template', 'tika', chartDir, '--namespace', 'tika', '--kube-version', KUBE_VERSION];
  const objects = parseManifests(helm([...args, '-f', file]), 'helm template');
  const rule = objects.find((o) => o.kind === 'PrometheusRule');
  if (!rule) throw new Error('no PrometheusRule rendered');
  return stringify({ groups: rule.spec.groups });
}

describe('the rendered rule files', () => {
  it('are what the source renders (npm run alerts:render)', () => {
    expect(readFileSync(composePath, 'utf8')).toBe(renderCompose());
    expect(readFileSync(path.join(root, 'helm/tika/templates/prometheusrule.yaml'), 'utf8')).toBe(renderHelm());
    const check = spawnSync(process.execPath, ['scripts/alerts/render.mjs', '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(check.status, check.stderr).toBe(0);
  });

  it('pass promtool check rules, compose and Helm alike, with the same rules', () => {
    const compose = suiteDir('check-compose', readFileSync(composePath, 'utf8'));
    const helm = suiteDir('check-helm', helmRules({ backup: { enabled: true, s3: { bucket: 'tika-backups' } } }));
    for (const dir of [compose, helm]) {
      const result = promtool(['check', 'rules', 'tika.rules.yml'], dir);
      expect(result.ok, result.output).toBe(true);
    }
    const names = (dir: string) =>
      (parse(readFileSync(path.join(dir, 'tika.rules.yml'), 'utf8')).groups as Group[]).flatMap((g) =>
        g.rules.map((r) => r.alert ?? r.record),
      );
    expect(names(helm)).toEqual(names(compose));
    expect(names(compose)).toContain('http_error_rate');
  });

  it('Helm takes its thresholds from values and renders backup alerts only with backups enabled', () => {
    const tuned = parse(
      helmRules({
        metrics: {
          prometheusRule: {
            backupMaxAgeHours: 170,
            slo: { availability: 0.99, latencyP95Ms: 250, latencyP99Ms: 1000, errorRatio: 0.005 },
          },
        },
        backup: { enabled: true, s3: { bucket: 'tika-backups' } },
      }),
    ) as { groups: Group[] };
    const expr = (name: string) => tuned.groups.flatMap((g) => g.rules).find((r) => r.alert === name)?.expr ?? '';
    expect(expr('TikaErrorBudgetBurnFast')).toContain('14.4 * 0.010000');
    expect(expr('TikaLatencyP95High')).toMatch(/> 250$/);
    expect(expr('TikaBackupTooOld')).toContain('> 170 * 3600');
    expect(expr('TikaDown')).toContain('up{job="tika",namespace="tika"}');
    const without = parse(helmRules({ backup: { enabled: false } })) as { groups: Group[] };
    expect(without.groups.map((g) => g.name)).not.toContain('tika-backups');
  });
});

describe('promtool unit tests', () => {
  it.each([
    ['compose', () => readFileSync(composePath, 'utf8')],
    ['helm', () => helmRules({ backup: { enabled: true, s3: { bucket: 'tika-backups' } } })],
  ])('pass against the %s rendering', (name, rules) => {
    const dir = suiteDir(`test-${name}`, rules());
    const result = promtool(['test', 'rules', ...testFiles], dir);
    expect(result.ok, result.output).toBe(true);
    expect(result.output.match(/SUCCESS/g)?.length).toBe(testFiles.length);
  });

  it('make every alert fire at least once and stay quiet at least once', () => {
    const firing = new Set<string>();
    const quiet = new Set<string>();
    for (const file of testFiles) {
      const doc = parse(readFileSync(path.join(testsDir, file), 'utf8')) as {
        tests: { alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[];
      };
      for (const test of doc.tests)
        for (const case_ of test.alert_rule_test ?? [])
          (case_.exp_alerts?.length ? firing : quiet).add(case_.alertname);
    }
    for (const rule of alerts) {
      expect(firing.has(rule.alert!), `${rule.alert} never fires in a test`).toBe(true);
      expect(quiet.has(rule.alert!), `${rule.alert} is never shown quiet in a test`).toBe(true);
    }
  });
});

describe('every alert', () => {
  it.each(alerts.map((r) => [r.alert!, r] as const))(
    '%s has a severity, a summary and a runbook that exists',
    (_, rule) => {
      const r = rule as Rule & { labels?: Record<string, string> };
      expect(['critical', 'warning', 'info']).toContain(r.labels?.severity);
      expect(r.annotations?.summary?.length).toBeGreaterThan(10);
      const runbook = r.annotations?.runbook_url ?? '';
      expect(runbook).toMatch(/^docs\/runbooks\/[a-z0-9-]+\.md$/);
      expect(existsSync(path.join(root, runbook)), runbook).toBe(true);
    },
  );

  it('is described in docs/alerts.md', () => {
    const doc = readFileSync(path.join(root, 'docs/alerts.md'), 'utf8');
    for (const rule of alerts) expect(doc, rule.alert).toContain(`\`${rule.alert}\``);
  });
});
