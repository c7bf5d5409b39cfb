#!/usr/bin/env node
// The compose `monitoring` profile's configuration, rendered from environment variables (Alertmanager and
// Prometheus read no environment themselves). Plain JavaScript: it runs as a one-shot service from the Tika image.
//
//   node scripts/monitoring-config.mjs --out DIR     writes DIR/alertmanager.yml and DIR/metrics-token
//   node scripts/monitoring-config.mjs --print       prints the Alertmanager configuration (secrets masked)
//
// Receivers are on when configured; each takes the severities it is given (docs/alerts.md, "Routing"):
//   ALERT_PAGERDUTY_ROUTING_KEY [ALERT_PAGERDUTY_URL]                       default severities: critical
//   ALERT_SLACK_WEBHOOK_URL [ALERT_SLACK_CHANNEL]                           default: critical,warning
//   ALERT_EMAIL_TO ALERT_SMTP_SMARTHOST ALERT_SMTP_FROM
//     [ALERT_SMTP_USERNAME ALERT_SMTP_PASSWORD ALERT_SMTP_REQUIRE_TLS=true] default: critical,warning,info
//   ALERT_WEBHOOK_URL                                                       default: critical,warning,info
//   ALERT_<PAGERDUTY|SLACK|EMAIL|WEBHOOK>_SEVERITIES=critical,warning       overrides a receiver's severities
//   ALERT_GROUP_WAIT (30s) ALERT_GROUP_INTERVAL (5m) ALERT_REPEAT_INTERVAL (4h)
//   METRICS_TOKEN   the bearer token Prometheus scrapes /api/metrics with (written to DIR/metrics-token)
// The output is JSON, which is YAML: nothing to escape by hand, no YAML library needed in the image.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SEVERITIES = ['critical', 'warning', 'info'];
const DURATION = /^\d+(ms|s|m|h|d)$/;

export class ConfigError extends Error {}

/** @typedef {Record<string, string | undefined>} Env */

/**
 * @param {Env} env
 * @param {string} name
 * @param {string[]} fallback
 */
function severities(env, name, fallback) {
  const raw = env[`ALERT_${name}_SEVERITIES`]?.trim();
  const list = raw ? raw.split(',').map((s) => s.trim().toLowerCase()) : fallback;
  const unknown = list.filter((s) => !SEVERITIES.includes(s));
  if (unknown.length || list.length === 0)
    throw new ConfigError(`ALERT_${name}_SEVERITIES: expected a comma list of ${SEVERITIES.join(', ')}`);
  return list;
}

/**
 * @param {Env} env
 * @param {string} name
 */
function url(env, name) {
  const value = env[name]?.trim();
  if (!value) return undefined;
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol))
    throw new ConfigError(`${name}: must be an http(s) URL`);
  return value;
}

/**
 * @param {Env} env
 * @param {string} name
 * @param {string} fallback
 */
function duration(env, name, fallback) {
  const value = env[name]?.trim() || fallback;
  if (!DURATION.test(value)) throw new ConfigError(`${name}: expected a duration such as 30s, 5m, 4h`);
  return value;
}

/**
 * The Alertmanager configuration for these variables, and the receivers that are on.
 * @param {Env} env
 */
export function alertmanagerConfig(env = process.env) {
  /** @type {({ name: string } & Record<string, unknown>)[]} */
  const receivers = [{ name: 'nobody' }];
  /** @type {{ receiver: string, matchers: string[], continue: boolean }[]} */
  const routes = [];
  /** @type {Record<string, string | boolean>} */
  const global = { resolve_timeout: '5m' };
  /** @type {(name: string, severityList: string[], config: Record<string, unknown>) => void} */
  const add = (name, severityList, config) => {
    receivers.push({ name, ...config });
    routes.push({ receiver: name, matchers: [`severity=~"${severityList.join('|')}"`], continue: true });
  };

  const routingKey = env.ALERT_PAGERDUTY_ROUTING_KEY?.trim();
  if (routingKey) {
    /** @type {Record<string, string | boolean>} */
    const pd = { routing_key: routingKey, send_resolved: true, severity: '{{ .CommonLabels.severity }}' };
    const pdUrl = url(env, 'ALERT_PAGERDUTY_URL');
    if (pdUrl) pd.url = pdUrl;
    add('pagerduty', severities(env, 'PAGERDUTY', ['critical']), { pagerduty_configs: [pd] });
  }

  const slackUrl = url(env, 'ALERT_SLACK_WEBHOOK_URL');
  if (slackUrl) {
    /** @type {Record<string, string | boolean>} */
    const slack = {
      api_url: slackUrl,
      send_resolved: true,
      title: '[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.severity }})',
      text: '{{ range .Alerts }}{{ .Annotations.summary }}\nRunbook: {{ .Annotations.runbook_url }}\n{{ end }}',
    };
    if (env.ALERT_SLACK_CHANNEL?.trim()) slack.channel = env.ALERT_SLACK_CHANNEL.trim();
    add('slack', severities(env, 'SLACK', ['critical', 'warning']), { slack_configs: [slack] });
  }

  const emailTo = env.ALERT_EMAIL_TO?.trim();
  if (emailTo) {
    const smarthost = env.ALERT_SMTP_SMARTHOST?.trim();
    const from = env.ALERT_SMTP_FROM?.trim();
    if (!smarthost || !/^[^:\s]+:\d+$/.test(smarthost))
      throw new ConfigError('ALERT_SMTP_SMARTHOST: required with ALERT_EMAIL_TO, as host:port');
    if (!from) throw new ConfigError('ALERT_SMTP_FROM: required with ALERT_EMAIL_TO (the sender address)');
    global.smtp_smarthost = smarthost;
    global.smtp_from = from;
    global.smtp_require_tls = !/^(false|0|no|off)$/i.test(env.ALERT_SMTP_REQUIRE_TLS?.trim() ?? 'true');
    if (env.ALERT_SMTP_USERNAME?.trim()) global.smtp_auth_username = env.ALERT_SMTP_USERNAME.trim();
    if (env.ALERT_SMTP_PASSWORD) global.smtp_auth_password = env.ALERT_SMTP_PASSWORD;
    add('email', severities(env, 'EMAIL', SEVERITIES), {
      email_configs: [{ to: emailTo, send_resolved: true }],
    });
  }

  const webhookUrl = url(env, 'ALERT_WEBHOOK_URL');
  if (webhookUrl)
    add('webhook', severities(env, 'WEBHOOK', SEVERITIES), {
      webhook_configs: [{ url: webhookUrl, send_resolved: true }],
    });

  const config = {
    global,
    route: {
      receiver: 'nobody',
      group_by: ['alertname'],
      group_wait: duration(env, 'ALERT_GROUP_WAIT', '30s'),
      group_interval: duration(env, 'ALERT_GROUP_INTERVAL', '5m'),
      repeat_interval: duration(env, 'ALERT_REPEAT_INTERVAL', '4h'),
      routes,
    },
    // The bigger alert says it already: an expired certificate is past "expires soon", readiness failing
    // everywhere covers the one instance, the fast burn covers the 5xx ratio.
    inhibit_rules: [
      ['TikaCertificateExpired', 'TikaCertificateExpiresSoon'],
      ['TikaNotReady', 'TikaInstanceNotReady'],
      ['TikaErrorBudgetBurnFast', 'TikaHigh5xxRatio'],
    ].map(([source, target]) => ({
      source_matchers: [`alertname="${source}"`],
      target_matchers: [`alertname="${target}"`],
    })),
    receivers,
  };
  return { config, enabled: receivers.slice(1).map((r) => r.name) };
}

/** @param {unknown} config */
function mask(config) {
  return JSON.parse(
    JSON.stringify(config, (key, value) =>
      ['routing_key', 'api_url', 'smtp_auth_password', 'url'].includes(key) && typeof value === 'string'
        ? '<set>'
        : value,
    ),
  );
}

function main() {
  const args = process.argv.slice(2);
  const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : undefined;
  let result;
  try {
    result = alertmanagerConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`monitoring-config: ${error.message}`);
    process.exit(1);
  }
  if (!out) {
    console.log(JSON.stringify(mask(result.config), null, 2));
    return;
  }
  mkdirSync(out, { recursive: true });
  // Readable by the Prometheus and Alertmanager containers (another uid), nobody else shares the volume.
  /** @type {(name: string, text: string) => void} */
  const write = (name, text) => {
    writeFileSync(path.join(out, name), text);
    chmodSync(path.join(out, name), 0o644);
  };
  write('alertmanager.yml', `${JSON.stringify(result.config, null, 2)}\n`);
  const token = process.env.METRICS_TOKEN?.trim();
  if (!token || token.length < 16) {
    console.error('monitoring-config: set METRICS_TOKEN in .env (16+ characters): Tika serves /api/metrics with it');
    process.exit(1);
  }
  write('metrics-token', token);
  console.log(
    `monitoring-config: alertmanager.yml with receivers: ${result.enabled.join(', ') || 'none (alerts show in the Alertmanager UI only)'}`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
