/* eslint-disable @typescript-eslint/no-explicit-any -- parsed YAML, JSON and HCL documents of arbitrary shape */
// Argo CD applications, the Rollouts canary (cross-checked against the rendered chart),
// vercel.json, and the operational documents.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  find,
  listFiles,
  parseManifests,
  read,
  readJson,
  readYaml,
  renderChart,
  root,
  validateObject,
  type K8sObject,
} from './support';

const ARGO_FILES = listFiles('deploy/argocd').filter((f) => f.endsWith('.yaml') && !f.includes('/values/'));
let argo: K8sObject[];

beforeAll(() => {
  argo = ARGO_FILES.flatMap((f) => parseManifests(read(f), f));
});

describe('deploy/argocd', () => {
  it('validates against the Argo CD and Argo Rollouts schemas', async () => {
    expect(argo.length).toBeGreaterThanOrEqual(6);
    const errors = (await Promise.all(argo.map(validateObject))).filter(Boolean);
    expect(errors).toEqual([]);
  });

  it('has an Application for staging and for production, production without auto-sync', () => {
    const staging = find(argo, 'Application', 'tika-staging');
    const production = find(argo, 'Application', 'tika-production');
    expect(staging.spec.syncPolicy.automated).toMatchObject({ prune: true, selfHeal: true });
    expect(production.spec.syncPolicy.automated).toBeUndefined();
    expect(staging.spec.destination.namespace).toBe('tika-staging');
    expect(production.spec.destination.namespace).toBe('tika');
    for (const app of [staging, production]) {
      const chart = app.spec.sources.find((s: any) => s.path === 'helm/tika');
      expect(chart.helm.releaseName).toBe('tika');
      for (const f of chart.helm.valueFiles) {
        const path = f.startsWith('$values/') ? f.slice('$values/'.length) : `helm/tika/${f}`;
        expect(existsSync(join(root, path)), f).toBe(true);
      }
      expect(app.spec.sources.some((s: any) => s.path === 'deploy/argocd/rollouts')).toBe(true);
    }
  });

  it('has an ApplicationSet generating both environments', () => {
    const set = find(argo, 'ApplicationSet', 'tika');
    const envs = set.spec.generators[0].list.elements.map((e: any) => e.env);
    expect(envs).toEqual(['staging', 'production']);
    for (const e of set.spec.generators[0].list.elements) {
      for (const f of e.valueFiles) {
        const path = f.startsWith('$values/') ? f.slice('$values/'.length) : `helm/tika/${f}`;
        expect(existsSync(join(root, path)), f).toBe(true);
      }
    }
  });

  it('the Rollout takes over the Deployment the chart renders, with the same selector', () => {
    const rollout = find(argo, 'Rollout', 'tika');
    const objects = renderChart(['helm/tika/values-prod.yaml', 'deploy/argocd/values/production.yaml']);
    const deployment = find(objects, 'Deployment');
    expect(rollout.spec.workloadRef).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: deployment.metadata.name,
    });
    expect(rollout.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    const hpa = find(objects, 'HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'tika' });
    // The ServiceMonitor must copy the hash label the analysis filters on.
    expect(find(objects, 'ServiceMonitor').spec.podTargetLabels).toContain('rollouts-pod-template-hash');
  });

  it('runs the SLO analysis during the canary and aborts on breach', () => {
    const rollout = find(argo, 'Rollout', 'tika');
    const canary = rollout.spec.strategy.canary;
    expect(canary.analysis.templates.map((t: any) => t.templateName)).toEqual(['tika-slo']);
    expect(canary.steps.filter((s: any) => s.setWeight !== undefined).map((s: any) => s.setWeight)).toEqual([
      10, 25, 50, 100,
    ]);
    const template = find(argo, 'AnalysisTemplate', 'tika-slo');
    const byName = Object.fromEntries(template.spec.metrics.map((m: any) => [m.name, m]));
    expect(byName['error-ratio'].successCondition).toBe('result[0] < 0.005');
    expect(byName['latency-p95'].successCondition).toBe('result[0] < 300');
    expect(byName['latency-p99'].successCondition).toBe('result[0] < 1000');
    expect(byName['error-ratio'].provider.prometheus.query).toContain('http_request_total');
    expect(byName['latency-p95'].provider.prometheus.query).toContain('http_request_duration_ms_bucket');
    for (const m of template.spec.metrics) {
      expect(m.provider.prometheus.query).toContain('rollouts_pod_template_hash="{{args.canary-hash}}"');
      expect(m.failureLimit).toBeLessThanOrEqual(2);
    }
  });
});

describe('vercel.json', () => {
  const config = readJson('vercel.json');
  it('builds a Next.js app with npm ci', () => {
    expect(config.framework).toBe('nextjs');
    expect(config.installCommand).toBe('npm ci');
  });
  it('migrates with the owner URL before the build, and refuses a production build without it', () => {
    const cmd: string = config.buildCommand;
    expect(cmd).toMatch(/DATABASE_OWNER_URL/);
    expect(cmd.indexOf('npm run db:migrate')).toBeLessThan(cmd.lastIndexOf('npm run build'));
    expect(cmd).toMatch(/VERCEL_ENV"? = production.*exit 1/);
  });
  it('contains no secret values', () => {
    expect(JSON.stringify(config)).not.toMatch(/postgres(ql)?:\/\/[^"$]*@/);
  });
  it('never deploys main on a push: production comes only from deploy.yml, after the approval gate', () => {
    // Both Vercel projects (staging and production) track main; a push must not deploy either.
    expect(config.git?.deploymentEnabled).toEqual({ main: false });
    const production = readYaml('.github/workflows/deploy.yml').jobs.production;
    expect(production.environment.name).toBe('production');
    expect(production.needs).toContain('staging');
    const prodDeploys = (production.steps as any[]).filter((s) => /\bdeploy --prod\b/.test(String(s.run ?? '')));
    expect(prodDeploys).toHaveLength(1);
    for (const file of listFiles('.github/workflows').filter((f) => !f.endsWith('deploy.yml')))
      expect(read(file), file).not.toMatch(/VERCEL_CLI|vercel@|vercel deploy/);
  });
  it('is documented in docs/deploy-vercel.md', () => {
    const doc = read('docs/deploy-vercel.md');
    expect(doc).toMatch(/DATABASE_DRIVER=neon/);
    expect(doc).toMatch(/neon-http/);
    expect(doc).toMatch(/DATABASE_OWNER_URL/);
  });
});

describe('docs', () => {
  const required = [
    'docs/slo.md',
    'docs/alerts.md',
    'docs/incident-process.md',
    'docs/release-checklist.md',
    'docs/deploy-vercel.md',
    'docs/runbooks/api-5xx-spike.md',
    'docs/runbooks/database-down.md',
    'docs/runbooks/redis-down.md',
    'docs/runbooks/unleash-down.md',
    'docs/runbooks/restore-from-backup.md',
    'CHANGELOG.md',
  ];
  it.each(required)('%s exists and has content', (f) => {
    expect(existsSync(join(root, f))).toBe(true);
    expect(read(f).length).toBeGreaterThan(600);
  });

  it('slo.md states the SLOs the alerts and the canary use', () => {
    const slo = read('docs/slo.md');
    for (const fact of ['99.9', '99.5', '300 ms', '1 s', '2.5 s', '0.5']) expect(slo).toContain(fact);
  });

  // Runbooks grep JSON log lines: levels are names ("error"), and a quoted "msg" must be one the code writes.
  it('every log line a runbook greps for is one the code writes, with level names', () => {
    const runbooks = listFiles('docs/runbooks').filter((f) => f.endsWith('.md'));
    const sources = [...listFiles('src'), ...listFiles('scripts')]
      .filter((f) => /\.(ts|tsx|mjs)$/.test(f))
      .map(read)
      .join('\n');
    let quoted = 0;
    for (const file of runbooks) {
      const text = read(file);
      expect(text, `${file} greps numeric levels`).not.toMatch(/"level":\(?\d/);
      for (const [, pattern = ''] of text.matchAll(/"msg":"([^"'`]+)/g)) {
        // A grep pattern may hold one alternation, (a|b): each alternative must be a message the code writes.
        const group = /\(([^()]*\|[^()]*)\)/.exec(pattern);
        const variants = group ? group[1]!.split('|').map((alt) => pattern.replace(group[0], alt)) : [pattern];
        for (const variant of variants) {
          const literal = variant
            .replace(/\\/g, '')
            .split(/…|\.\*/)[0]!
            .trim();
          if (!literal) continue;
          quoted++;
          expect(sources, `${file} quotes "msg":"${literal}", which nothing in src/ or scripts/ writes`).toContain(
            literal,
          );
        }
      }
    }
    expect(quoted).toBeGreaterThanOrEqual(3);
  });

  it('every runbook_url in the PrometheusRule points to an existing runbook', () => {
    const rule = find(renderChart(['helm/tika/values-prod.yaml']), 'PrometheusRule');
    const urls = rule.spec.groups
      .flatMap((g: any) => g.rules)
      .map((r: any) => r.annotations?.runbook_url)
      .filter(Boolean);
    expect(urls.length).toBeGreaterThan(5);
    for (const url of new Set<string>(urls)) expect(existsSync(join(root, url)), url).toBe(true);
  });

  it('every alert of the PrometheusRule is described in alerts.md', () => {
    const rule = find(renderChart(['helm/tika/values-prod.yaml']), 'PrometheusRule');
    const alerts = read('docs/alerts.md');
    for (const r of rule.spec.groups.flatMap((g: any) => g.rules).filter((r: any) => r.alert)) {
      expect(alerts, r.alert).toContain(r.alert);
    }
  });

  it('CHANGELOG.md follows Keep a Changelog with an Unreleased section and the package version', () => {
    const log = read('CHANGELOG.md');
    const { version } = readJson('package.json');
    expect(log).toMatch(/keepachangelog\.com/);
    expect(log).toMatch(/semver\.org/);
    expect(log).toMatch(/^## \[Unreleased\]/m);
    expect(log).toMatch(new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'));
  });
});
