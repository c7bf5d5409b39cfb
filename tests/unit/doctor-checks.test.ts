import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/server/env';
import { checks, duration, bytes, weakDatabasePassword, weakSecret } from '../../src/server/doctor/checks';
import type { DoctorFacts } from '../../src/server/doctor/facts';
import { evaluate, ITEMS, STAGES } from '../../src/server/doctor/run';

// The doctor's checks are pure: facts in, finding out. These facts describe deployments — a fresh embedded one, a
// well-run server one — and the broken ones the issue names; each must be judged with the right evidence and fix.

const NOW = new Date('2026-12-07T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);
const ok = <T>(value: T) => ({ ok: true as const, value });
const err = (error: string) => ({ ok: false as const, error });
const SECRET = 'Zq8f3Kx2mV9pL4tR7wY1cN6bH0jD5sAeQm4nB7vC';

function embedded(): DoctorFacts {
  return {
    checkedAt: NOW,
    config: parseEnv({ NODE_ENV: 'production' }),
    version: null,
    process: { node: '24.22.3', uid: 1000, rssBytes: 200 * 1024 ** 2, memoryLimitBytes: 0, appDir: '/srv/tika' },
    appDirWritable: true,
    embeddedDataDir: '/srv/tika/.data/pglite',
    database: ok({
      driver: 'pglite',
      latencyMs: 2,
      versionNum: 170004,
      version: '17.4',
      appliedMigrations: 8,
      expectedMigrations: 8,
      role: {
        name: 'tika_embedded',
        superuser: false,
        bypassRls: false,
        ownedTables: [],
        privilegedMemberships: [],
        authMember: true,
      },
      authRole: null,
      tenantTables: ['boards', 'tickets', 'workspaces'].map((table) => ({ table, enabled: true, forced: true })),
      maxConnections: 100,
      ssl: null,
      auditTriggers: ['audit_logs_append_only'],
    }),
    readiness: ok({ status: 'ok', checks: { database: { status: 'ok', latencyMs: 2 } } }),
    instances: ok([
      {
        id: 'a',
        hostname: 'laptop',
        version: null,
        startedAt: hoursAgo(1),
        lastSeenAt: NOW,
        details: { rateLimitBackend: 'memory', poolMax: 10 },
      },
    ]),
    backups: ok({
      lastSuccessAt: null,
      lastSuccessSource: null,
      lastSuccessFile: null,
      lastSuccessBytes: null,
      lastSuccessSha256: null,
      lastFailureAt: null,
      lastFailureDetail: null,
      runs: 0,
    }),
    backupFile: null,
    disks: [
      ok({
        label: 'embedded database',
        path: '/srv/tika/.data',
        freeBytes: 50 * 1024 ** 3,
        totalBytes: 100 * 1024 ** 3,
      }),
    ],
    certificate: null,
    sentry: null,
    otel: null,
    prometheus: null,
    alertmanager: null,
    mailQueue: ok({ overdue: 0, oldestOverdueSeconds: 0, failedLastDay: 0, sentLastDay: 0 }),
    mailServer: null,
    jobs: ok({ available: false, queued: 0, dead: 0, oldestReadySeconds: 0 }),
  };
}

const runtimeRole = { superuser: false, bypassRls: false, ownedTables: [], privilegedMemberships: [] };

/** A compose stack with every profile on and everything healthy. */
function wellRun(): DoctorFacts {
  const facts = embedded();
  const sha = 'ab'.repeat(32);
  return {
    ...facts,
    config: parseEnv({
      NODE_ENV: 'production',
      DATABASE_DRIVER: 'pg',
      DATABASE_URL: 'postgres://tika_runtime:Vb7Lq2Xw9Rt4Kp8Zm3Nc6Hd1@postgres:5432/tika',
      DATABASE_AUTH_URL: 'postgres://tika_auth_login:Hn4Tq8Wz2Lc6Vb9Rk3Mx7Pd5@postgres:5432/tika',
      APP_URL: 'https://tika.example.com',
      BETTER_AUTH_SECRET: SECRET,
      METRICS_TOKEN: 'Qm4nB7vC2xZ9Lp3Rt8Wk6Hd',
      REDIS_URL: 'redis://redis:6379',
      SENTRY_DSN: 'https://key@sentry.example.com/1',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      UNLEASH_URL: 'http://unleash:4242/api',
      UNLEASH_API_TOKEN: 'default:production.abc',
      PROMETHEUS_URL: 'http://prometheus:9090',
      ALERTMANAGER_URL: 'http://alertmanager:9093',
      BACKUP_DIR: '/backups',
      SMTP_URL: 'smtp://mail.example.com:587',
    }),
    version: '0.1.0',
    process: { ...facts.process, uid: 1001, memoryLimitBytes: 768 * 1024 ** 2 },
    appDirWritable: false,
    embeddedDataDir: null,
    database: ok({
      ...value(facts, 'database'),
      driver: 'pg',
      versionNum: 150010,
      version: '15.10',
      role: { ...runtimeRole, name: 'tika_runtime', authMember: false },
      authRole: { ...runtimeRole, name: 'tika_auth_login', authMember: true },
      ssl: true,
    }),
    readiness: ok({
      status: 'ok',
      checks: {
        database: { status: 'ok', latencyMs: 2 },
        rateLimit: { status: 'ok', latencyMs: 1, detail: 'redis' },
        unleash: { status: 'ok', latencyMs: 3 },
      },
    }),
    instances: ok(
      ['app-1', 'app-2'].map((hostname) => ({
        id: hostname,
        hostname,
        version: '0.1.0',
        startedAt: hoursAgo(5),
        lastSeenAt: NOW,
        details: { rateLimitBackend: 'redis', poolMax: 10, authPoolMax: 5 },
      })),
    ),
    backups: ok({
      lastSuccessAt: hoursAgo(3),
      lastSuccessSource: 'compose',
      lastSuccessFile: 'tika-20261207T090000Z.dump.gpg',
      lastSuccessBytes: 64_000,
      lastSuccessSha256: sha,
      lastFailureAt: null,
      lastFailureDetail: null,
      runs: 12,
    }),
    backupFile: ok({ file: 'tika-20261207T090000Z.dump.gpg', path: '/backups/x', sha256: sha, format: 'encrypted' }),
    certificate: ok({
      host: 'tika.example.com',
      port: 443,
      notAfter: new Date('2027-03-01T00:00:00Z'),
      issuer: "Let's Encrypt",
      trusted: true,
    }),
    sentry: ok({ status: 200 }),
    otel: ok({ status: 405 }),
    prometheus: ok({
      rules: ['http_error_rate', 'TikaErrorBudgetBurnFast', 'TikaNotReady', 'TikaBackupTooOld'],
      scrapedInstances: 2,
    }),
    alertmanager: ok({
      receivers: [
        { name: 'nobody', integrations: [] },
        { name: 'pagerduty', integrations: ['pagerduty'] },
        { name: 'slack', integrations: ['slack'] },
      ],
    }),
    mailServer: ok(true),
    mailQueue: ok({ overdue: 0, oldestOverdueSeconds: 0, failedLastDay: 0, sentLastDay: 14 }),
    jobs: ok({ available: true, queued: 2, dead: 0, oldestReadySeconds: 3 }),
  };
}

// The facts a test changes, typed (the outcomes of these fixtures are all ok).
type Value<K extends 'database' | 'backups' | 'readiness' | 'instances'> = Extract<
  DoctorFacts[K],
  { ok: true }
>['value'];
const value = <K extends 'database' | 'backups' | 'readiness' | 'instances'>(facts: DoctorFacts, key: K) =>
  (facts[key] as { ok: true; value: Value<K> }).value;

const item = (report: ReturnType<typeof evaluate>, id: string) =>
  report.stages.flatMap((s) => s.items).find((i) => i.id === id)!;

describe('the checklist', () => {
  it('has a check for every item, a known stage, a guide section and a one-line fix', () => {
    const stageIds = STAGES.map((s) => s.id);
    expect(stageIds).toEqual(['mvp', 'team', 'saas', 'enterprise']);
    for (const i of ITEMS) {
      expect(checks[i.check], i.id).toBeTypeOf('function');
      expect(stageIds, i.id).toContain(i.stage);
      expect(i.guide, i.id).toMatch(/§|seed/);
      expect(i.fix.length, i.id).toBeGreaterThan(10);
      expect(i.fix, i.id).not.toContain('\n');
    }
    expect(new Set(ITEMS.map((i) => i.id)).size).toBe(ITEMS.length);
  });
});

describe('a fresh embedded default', () => {
  const report = evaluate(embedded(), 'laptop');
  it('meets MVP and says what Team needs', () => {
    expect(report.meets?.id).toBe('mvp');
    expect(report.next?.stage.id).toBe('team');
    expect(report.next?.blocking.map((b) => b.id)).toEqual([
      'database.server',
      'errors.sentry',
      'backups.recent',
      'backups.restorable',
    ]);
    expect(item(report, 'tls.in-front')).toMatchObject({ status: 'warn' });
    expect(item(report, 'tls.in-front').evidence).toMatch(/fine for this machine only/);
    expect(item(report, 'secrets.strong')).toMatchObject({ status: 'pass' });
    expect(item(report, 'secrets.strong').evidence).toMatch(/generated for the embedded database/);
    expect(item(report, 'mail.configured').status).toBe('warn');
  });
});

describe('a well-run compose stack with every profile on', () => {
  it('meets every stage but the signature item, which warns until images are signed', () => {
    const report = evaluate(wellRun(), 'app-1');
    const failing = report.stages.flatMap((s) => s.items).filter((i) => i.status === 'fail');
    expect(failing).toEqual([]);
    expect(report.meets?.id).toBe('enterprise');
    expect(report.next).toBeNull();
    expect(item(report, 'ratelimits.shared').evidence).toMatch(/2 live replicas; shared redis store answers/);
    expect(item(report, 'backups.restorable').evidence).toMatch(/matches the recorded checksum/);
  });
});

describe('broken setups: each fail found with the right fix', () => {
  it('a privileged runtime role', () => {
    const facts = wellRun();
    value(facts, 'database').role = {
      name: 'postgres',
      superuser: true,
      bypassRls: true,
      ownedTables: ['boards', 'tickets'],
      privilegedMemberships: [],
      authMember: false,
    };
    const report = evaluate(facts);
    const role = item(report, 'database.runtime-role');
    expect(role.status).toBe('fail');
    expect(role.evidence).toMatch(/"postgres": SUPERUSER; BYPASSRLS; owner of 2 tables/);
    expect(role.fix).toMatch(/LOGIN role that is not SUPERUSER or BYPASSRLS/);
    expect(report.meets).toBeNull();
  });

  it('the auth library sharing the runtime role, or its role set up wrong', () => {
    // DATABASE_AUTH_URL unset: the runtime role reads password hashes and sessions.
    const shared = wellRun();
    shared.config = { ...shared.config, DATABASE_AUTH_URL: undefined };
    value(shared, 'database').authRole = null;
    value(shared, 'database').role.authMember = true;
    let report = evaluate(shared);
    let auth = item(report, 'database.auth-role');
    expect(auth.status).toBe('fail');
    expect(auth.evidence).toMatch(/DATABASE_AUTH_URL unset: the runtime role "tika_runtime" is a member of tika_auth/);
    expect(auth.fix).toMatch(/set DATABASE_AUTH_URL to it and run npm run db:migrate/);
    expect(report.meets?.id).toBe('team');
    // The pools: without its own pool the auth library adds nothing.
    value(shared, 'instances').forEach((i) => delete i.details.authPoolMax);
    expect(item(evaluate(shared), 'database.pool').evidence).toMatch(/^2 replica\(s\) × pool ≤ 10 = 20 /);

    // Unset after the migration gave the auth library its own role: nobody can sign in.
    value(shared, 'database').role.authMember = false;
    auth = item(evaluate(shared), 'database.auth-role');
    expect(auth.status).toBe('fail');
    expect(auth.evidence).toMatch(/"tika_runtime" is no member of tika_auth .*: sign-in cannot read its tables/);
    expect(auth.fix).toMatch(/Set DATABASE_AUTH_URL back/);

    // Set, but the runtime role was never taken out of tika_auth.
    const stillMember = wellRun();
    value(stillMember, 'database').role.authMember = true;
    auth = item(evaluate(stillMember), 'database.auth-role');
    expect(auth.status).toBe('fail');
    expect(auth.evidence).toMatch(/runtime role "tika_runtime" is still a member of tika_auth/);
    expect(auth.fix).toMatch(/REVOKE tika_auth FROM tika_runtime/);

    // Set, but the auth role cannot read its tables.
    const notGranted = wellRun();
    value(notGranted, 'database').authRole!.authMember = false;
    auth = item(evaluate(notGranted), 'database.auth-role');
    expect(auth.status).toBe('fail');
    expect(auth.evidence).toMatch(/"tika_auth_login" is no member of tika_auth/);

    // A superuser behind DATABASE_AUTH_URL fails the role item (RLS and grants mean nothing to it).
    const superAuth = wellRun();
    value(superAuth, 'database').authRole!.superuser = true;
    report = evaluate(superAuth);
    const role = item(report, 'database.runtime-role');
    expect(role.status).toBe('fail');
    expect(role.evidence).toMatch(/the auth library \(DATABASE_AUTH_URL\) connects as "tika_auth_login": SUPERUSER/);
    expect(report.meets).toBeNull();

    // A default password in DATABASE_AUTH_URL is a default secret like any other.
    const weak = wellRun();
    weak.config = { ...weak.config, DATABASE_AUTH_URL: 'postgres://tika_auth_login:change-me@postgres:5432/tika' };
    expect(item(evaluate(weak), 'secrets.strong').evidence).toMatch(/DATABASE_AUTH_URL password: /);

    // The embedded database: one connection, nothing to separate — a warning, not a fail.
    const embeddedAuth = item(evaluate(embedded()), 'database.auth-role');
    expect(embeddedAuth.status).toBe('warn');
    expect(embeddedAuth.evidence).toMatch(/embedded database: one in-process connection/);
  });

  it("connection pools count the auth library's own pool on every replica", () => {
    const facts = wellRun();
    const pool = item(evaluate(facts), 'database.pool');
    expect(pool.evidence).toBe(
      '2 replica(s) × (pool ≤ 10 + auth pool ≤ 5) = 30 (+5 for migrations, backups, psql) of max_connections 100',
    );
    value(facts, 'database').maxConnections = 32;
    expect(item(evaluate(facts), 'database.pool').status).toBe('fail');
  });

  it('a default secret', () => {
    const facts = wellRun();
    facts.config = { ...facts.config, BETTER_AUTH_SECRET: 'change-me-change-me-change-me-change-me' };
    const report = evaluate(facts);
    const secrets = item(report, 'secrets.strong');
    expect(secrets.status).toBe('fail');
    expect(secrets.evidence).toMatch(/BETTER_AUTH_SECRET: a placeholder/);
    expect(secrets.fix).toMatch(/openssl rand -base64 32/);
  });

  it('a stale backup', () => {
    const facts = wellRun();
    value(facts, 'backups').lastSuccessAt = hoursAgo(50);
    const report = evaluate(facts);
    const backups = item(report, 'backups.recent');
    expect(backups.status).toBe('fail');
    expect(backups.evidence).toMatch(/^stale: last success 2 days ago/);
    expect(backups.fix).toMatch(/backup-failed\.md/);
    expect(report.meets?.id).toBe('mvp');
  });

  it('Redis down with two replicas', () => {
    const facts = wellRun();
    facts.readiness = ok({
      status: 'degraded',
      checks: {
        database: { status: 'ok', latencyMs: 1 },
        rateLimit: { status: 'down', latencyMs: 2000, detail: 'redis: no answer within 2000 ms' },
      },
    });
    const report = evaluate(facts);
    const shared = item(report, 'ratelimits.shared');
    expect(shared.status).toBe('fail');
    expect(shared.evidence).toMatch(
      /2 live replicas; the redis store is down .* fail mode open lets every request through/,
    );
    expect(shared.fix).toMatch(/docker compose --profile redis up -d redis/);
    expect(item(report, 'app.ready').status).toBe('warn');
  });

  it('two replicas counting in their own memory', () => {
    const facts = wellRun();
    for (const i of (facts.instances as { value: { details: Record<string, unknown> }[] }).value)
      i.details.rateLimitBackend = 'memory';
    const report = evaluate(facts);
    expect(item(report, 'ratelimits.shared')).toMatchObject({ status: 'fail' });
    expect(item(report, 'ratelimits.shared').evidence).toMatch(/2 count limits in their own memory \(app-1, app-2\)/);
  });

  it('a damaged dump, an unreachable Sentry, mail piling up, a stuck job queue', () => {
    const facts = wellRun();
    facts.backupFile = ok({ file: 'x.dump.gpg', path: '/backups/x', sha256: 'cd'.repeat(32), format: 'encrypted' });
    facts.sentry = err('getaddrinfo ENOTFOUND sentry.example.com');
    facts.mailQueue = ok({ overdue: 3, oldestOverdueSeconds: 3600, failedLastDay: 1, sentLastDay: 0 });
    facts.jobs = ok({ available: true, queued: 40, dead: 0, oldestReadySeconds: 1800 });
    const report = evaluate(facts);
    expect(item(report, 'backups.restorable').evidence).toMatch(/differs from the recorded/);
    expect(item(report, 'errors.sentry').evidence).toMatch(/does not answer \(getaddrinfo ENOTFOUND/);
    expect(item(report, 'mail.configured').evidence).toMatch(/3 mails overdue/);
    expect(item(report, 'jobs.running').evidence).toMatch(/waited 30 min/);
  });

  it('the database unreachable: every database item fails with the error, nothing throws', () => {
    const facts = wellRun();
    facts.database = err('connect ECONNREFUSED 10.0.0.5:5432');
    facts.readiness = ok({
      status: 'unhealthy',
      checks: { database: { status: 'down', latencyMs: 3, detail: 'connect ECONNREFUSED' } },
    });
    const report = evaluate(facts);
    expect(item(report, 'database.reachable')).toMatchObject({
      status: 'fail',
      evidence: 'no answer: connect ECONNREFUSED 10.0.0.5:5432',
    });
    expect(item(report, 'app.ready').evidence).toMatch(/readiness 503 — database: connect ECONNREFUSED/);
    expect(report.meets).toBeNull();
  });

  it('plain HTTP to a network address, an expiring and an expired certificate', () => {
    const facts = wellRun();
    facts.config = { ...facts.config, APP_URL: 'http://tika.example.com' };
    expect(checks.tlsInFront!(facts)).toMatchObject({ status: 'fail' });
    const https = wellRun();
    https.certificate = ok({
      host: 'x',
      port: 443,
      notAfter: new Date(NOW.getTime() + 5 * 86_400_000),
      issuer: 'R3',
      trusted: true,
    });
    expect(checks.tlsInFront!(https)).toMatchObject({ status: 'warn', evidence: expect.stringMatching(/5 days left/) });
    https.certificate = ok({ host: 'x', port: 443, notAfter: hoursAgo(1), issuer: 'R3', trusted: true });
    expect(checks.tlsInFront!(https)).toMatchObject({ status: 'fail', evidence: expect.stringMatching(/expired/) });
  });
});

describe('helpers', () => {
  it('recognise default and guessable secrets, and let generated ones through', () => {
    expect(weakSecret('change-me', 32)).toMatch(/placeholder/);
    expect(weakSecret('ops-test-secret-ops-test-secret-0123456789', 32)).toMatch(/made of words/);
    expect(weakSecret('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 32)).toMatch(/distinct characters/);
    expect(weakSecret('short', 32)).toMatch(/5 characters/);
    expect(weakSecret(SECRET, 32)).toBeNull();
    expect(weakDatabasePassword('postgres://u:runtime-pw@h/db')).toMatch(/well-known default/);
    expect(weakDatabasePassword('postgres://u:Vb7Lq2Xw9Rt4Kp8Zm3Nc6Hd1@h/db')).toBeNull();
    expect(weakDatabasePassword('postgres://u@h/db')).toBe('no password');
  });
  it('format sizes and durations for people', () => {
    expect(bytes(64_000)).toBe('63 KiB');
    expect(bytes(1536)).toBe('1.5 KiB');
    expect(bytes(5 * 1024 ** 3)).toBe('5.0 GiB');
    expect(duration(30)).toBe('30 s');
    expect(duration(1800)).toBe('30 min');
    expect(duration(3 * 3600)).toBe('3.0 h');
    expect(duration(50 * 3600)).toBe('2 days');
  });
});
