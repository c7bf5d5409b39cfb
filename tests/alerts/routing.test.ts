import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
// @ts-expect-error -- plain JS script, no type declarations
import { alertmanagerConfig } from '../../scripts/monitoring-config.mjs';
import { chartDir, helm, KUBE_VERSION, parseManifests, root, validateObject } from '../delivery/support';

// Alertmanager routing, rendered two ways from one policy (docs/alerts.md "Routing"): the compose profile's
// alertmanager.yml from environment variables (checked by the real amtool), the Helm chart's AlertmanagerConfig
// from values (checked against the CRD schema). Both must send each severity to the same receivers.

const work = mkdtempSync(path.join(os.tmpdir(), 'tika-routing-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ALL = {
  ALERT_PAGERDUTY_ROUTING_KEY: 'pd-key',
  ALERT_SLACK_WEBHOOK_URL: 'https://hooks.slack.example/T000/B000/XXX',
  ALERT_SLACK_CHANNEL: '#ops',
  ALERT_EMAIL_TO: 'ops@example.com',
  ALERT_SMTP_SMARTHOST: 'smtp.example.com:587',
  ALERT_SMTP_FROM: 'alertmanager@example.com',
  ALERT_SMTP_USERNAME: 'alertmanager',
  ALERT_SMTP_PASSWORD: 'smtp-password',
  ALERT_WEBHOOK_URL: 'https://hooks.example.com/tika',
};

function amtool(args: string[]): { ok: boolean; output: string } {
  const run = spawnSync('amtool', args, { encoding: 'utf8' });
  if (run.error) throw new Error(`amtool: ${run.error.message} (apt-get install prometheus-alertmanager)`);
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}`.trim() };
}

function composeFile(env: Record<string, string>): string {
  const file = path.join(work, `am-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(file, JSON.stringify(alertmanagerConfig(env).config));
  return file;
}

/** Receivers amtool says an alert with these labels reaches. */
function composeRoute(file: string, labels: Record<string, string>): string[] {
  const result = amtool([
    'config',
    'routes',
    'test',
    `--config.file=${file}`,
    ...Object.entries(labels).map(([k, v]) => `${k}=${v}`),
  ]);
  expect(result.ok, result.output).toBe(true);
  return result.output
    .split('\n')
    .filter((l) => !l.startsWith('Warning'))
    .join('')
    .split(',')
    .map((s) => s.trim())
    .sort();
}

function helmConfig(values: Record<string, unknown>) {
  const file = path.join(work, `values-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, stringify(values));
  const args = ['template', 'tika', chartDir, '--namespace', 'tika', '--kube-version', KUBE_VERSION, '-f', file];
  return parseManifests(helm(args), 'helm template').find((o) => o.kind === 'AlertmanagerConfig');
}

const helmAll = {
  alerting: {
    enabled: true,
    pagerduty: { enabled: true, severities: ['critical'], routingKey: { name: 'tika-alerting', key: 'pd' } },
    slack: {
      enabled: true,
      severities: ['critical', 'warning'],
      apiURL: { name: 'tika-alerting', key: 'slack' },
      channel: '#ops',
    },
    email: {
      enabled: true,
      severities: ['critical', 'warning', 'info'],
      to: 'ops@example.com',
      from: 'alertmanager@example.com',
      smarthost: 'smtp.example.com:587',
      requireTLS: true,
      authUsername: 'alertmanager',
      authPassword: { name: 'tika-alerting', key: 'smtp' },
    },
    webhook: { enabled: true, severities: ['critical', 'warning', 'info'], url: 'https://hooks.example.com/tika' },
  },
};

describe('compose: alertmanager.yml from environment variables', () => {
  it('is valid for the real Alertmanager with every receiver on, and routes by severity', () => {
    const file = composeFile(ALL);
    const check = amtool(['check-config', file]);
    expect(check.ok, check.output).toBe(true);
    expect(check.output).toMatch(/5 receivers/);
    expect(composeRoute(file, { alertname: 'TikaDown', severity: 'critical' })).toEqual([
      'email',
      'pagerduty',
      'slack',
      'webhook',
    ]);
    expect(composeRoute(file, { alertname: 'TikaBackupFailed', severity: 'warning' })).toEqual([
      'email',
      'slack',
      'webhook',
    ]);
    expect(composeRoute(file, { alertname: 'TikaRateLimitRejectionsSpike', severity: 'info' })).toEqual([
      'email',
      'webhook',
    ]);
  });

  it('turns on only what is configured, and takes per-receiver severities', () => {
    const file = composeFile({
      ALERT_SLACK_WEBHOOK_URL: ALL.ALERT_SLACK_WEBHOOK_URL,
      ALERT_SLACK_SEVERITIES: 'critical',
    });
    expect(amtool(['check-config', file]).ok).toBe(true);
    expect(composeRoute(file, { severity: 'critical' })).toEqual(['slack']);
    expect(composeRoute(file, { severity: 'warning' })).toEqual(['nobody']);
    const none = alertmanagerConfig({});
    expect(none.enabled).toEqual([]);
    expect(none.config.route.routes).toEqual([]);
  });

  it('sends resolved notices everywhere and keeps the SMTP settings global', () => {
    const { config } = alertmanagerConfig({ ...ALL, ALERT_SMTP_REQUIRE_TLS: 'false' });
    for (const receiver of config.receivers.slice(1)) {
      const [integration] = Object.values(receiver).filter(Array.isArray) as { send_resolved: boolean }[][];
      expect(integration![0]!.send_resolved, receiver.name).toBe(true);
    }
    expect(config.global).toMatchObject({ smtp_smarthost: 'smtp.example.com:587', smtp_require_tls: false });
  });

  it.each([
    [{ ALERT_SLACK_WEBHOOK_URL: 'not a url' }, 'ALERT_SLACK_WEBHOOK_URL: must be an http(s) URL'],
    [{ ALERT_EMAIL_TO: 'ops@example.com' }, 'ALERT_SMTP_SMARTHOST: required with ALERT_EMAIL_TO'],
    [{ ALERT_WEBHOOK_URL: 'https://x', ALERT_WEBHOOK_SEVERITIES: 'urgent' }, 'ALERT_WEBHOOK_SEVERITIES'],
    [{ ALERT_GROUP_WAIT: 'soon' }, 'ALERT_GROUP_WAIT: expected a duration'],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => alertmanagerConfig(env)).toThrow(message);
  });

  it('the CLI writes alertmanager.yml and the scrape token, and prints secrets masked', () => {
    const out = path.join(work, 'cli');
    const script = path.join(root, 'scripts/monitoring-config.mjs');
    const env = {
      PATH: process.env.PATH ?? '',
      ...ALL,
      METRICS_TOKEN: 'scrape-token-0123456789',
    } as unknown as NodeJS.ProcessEnv;
    const run = spawnSync(process.execPath, [script, '--out', out], { env, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/receivers: pagerduty, slack, email, webhook/);
    expect(amtool(['check-config', path.join(out, 'alertmanager.yml')]).ok).toBe(true);
    expect(spawnSync('cat', [path.join(out, 'metrics-token')], { encoding: 'utf8' }).stdout).toBe(
      'scrape-token-0123456789',
    );
    const printed = spawnSync(process.execPath, [script, '--print'], { env, encoding: 'utf8' }).stdout;
    for (const secret of ['pd-key', 'smtp-password', 'hooks.slack.example']) expect(printed).not.toContain(secret);
    const bad = spawnSync(process.execPath, [script, '--print'], {
      env: { ...env, ALERT_SLACK_WEBHOOK_URL: 'nope' },
      encoding: 'utf8',
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^monitoring-config: ALERT_SLACK_WEBHOOK_URL/);
  });
});

describe('Helm: AlertmanagerConfig from values', () => {
  it('is not rendered unless alerting.enabled', () => {
    expect(helmConfig({})).toBeUndefined();
  });

  it('matches the CRD schema, references secrets, and routes like compose', async () => {
    const amc = helmConfig(helmAll)!;
    expect(await validateObject(amc)).toBeNull();
    expect(JSON.stringify(amc)).not.toMatch(/pd-key|smtp-password/);
    const receivers = amc.spec.receivers.map((r: { name: string }) => r.name);
    const { config } = alertmanagerConfig(ALL);
    expect(receivers).toEqual(config.receivers.map((r: { name: string }) => r.name));
    // Same severities per receiver, same inhibitions.
    const helmRoutes = amc.spec.route.routes.map((r: { receiver: string; matchers: { value: string }[] }) => [
      r.receiver,
      r.matchers[0]!.value,
    ]);
    const composeRoutes = config.route.routes.map((r: { receiver: string; matchers: string[] }) => [
      r.receiver,
      /"(.*)"/.exec(r.matchers[0]!)![1],
    ]);
    expect(helmRoutes).toEqual(composeRoutes);
    const pairs = (rules: { source: string; target: string }[]) => rules.map((r) => `${r.source}>${r.target}`);
    expect(
      pairs(
        amc.spec.inhibitRules.map((r: { sourceMatch: { value: string }[]; targetMatch: { value: string }[] }) => ({
          source: r.sourceMatch[0]!.value,
          target: r.targetMatch[0]!.value,
        })),
      ),
    ).toEqual(
      pairs(
        config.inhibit_rules.map((r: { source_matchers: string[]; target_matchers: string[] }) => ({
          source: /"(.*)"/.exec(r.source_matchers[0]!)![1]!,
          target: /"(.*)"/.exec(r.target_matchers[0]!)![1]!,
        })),
      ),
    );
  });

  it('fails the render with a clear message when a configured receiver lacks its secret', () => {
    const values = { alerting: { enabled: true, slack: { enabled: true, severities: ['critical'] } } };
    const file = path.join(work, 'bad.yaml');
    writeFileSync(file, stringify(values));
    expect(() => helm(['template', 'tika', chartDir, '--kube-version', KUBE_VERSION, '-f', file])).toThrow(
      /alerting.slack.apiURL.name/,
    );
  });
});
