import 'server-only';
import type { RoleFacts } from '../db/doctor-queries';
import type { DoctorFacts, Outcome } from './facts';

// One function per `check` named in checklist.json: facts in, a finding out (pass / warn / fail, the evidence
// it is based on, and — when the situation needs a more precise one than the checklist's — the fix). Pure, so
// every branch is unit-tested without a broken deployment at hand.

export type Status = 'pass' | 'warn' | 'fail';
export interface Finding {
  status: Status;
  evidence: string;
  fix?: string;
}
export type Check = (facts: DoctorFacts) => Finding;

const pass = (evidence: string): Finding => ({ status: 'pass', evidence });
const warn = (evidence: string, fix?: string): Finding => ({ status: 'warn', evidence, ...(fix ? { fix } : {}) });
const fail = (evidence: string, fix?: string): Finding => ({ status: 'fail', evidence, ...(fix ? { fix } : {}) });

export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 90) return `${s} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${(s / 3600).toFixed(1)} h`;
  return `${Math.round(s / 86_400)} days`;
}

/** What makes a login role unfit to run under row-level security, in words (empty: nothing). */
function roleProblems(r: RoleFacts): string[] {
  return [
    r.superuser && 'SUPERUSER',
    r.bypassRls && 'BYPASSRLS',
    r.ownedTables.length && `owner of ${r.ownedTables.length} tables (${r.ownedTables.slice(0, 3).join(', ')}…)`,
    r.privilegedMemberships.length && `member of privileged ${r.privilegedMemberships.join(', ')}`,
  ].filter((p): p is string => Boolean(p));
}

/** The error of a part that could not be read, or null. */
const failed = <T>(outcome: Outcome<T>): string | null => (outcome.ok ? null : outcome.error);

function databaseServer(facts: DoctorFacts): boolean {
  return facts.database.ok ? facts.database.value.driver !== 'pglite' : Boolean(facts.config.DATABASE_URL);
}

// ── Secrets ────────────────────────────────────────────────────────────────────────────────────────────────
const PLACEHOLDERS = /change-?me|replace-?me|your[-_ ]?(secret|token|password)|example|placeholder|xxxxxx/i;
const FILLER_WORDS = [
  'secret',
  'password',
  'passwd',
  'token',
  'metrics',
  'suite',
  'test',
  'bench',
  'fuzz',
  'faults',
  'scale',
  'isolation',
  'http',
  'tika',
  'ops',
  'dev',
  'key',
  'admin',
  'default',
  'runtime',
  'owner',
  'postgres',
  'scrape',
  'pw',
];

/** Why a secret value is a default or guessable, or null when it looks generated. */
export function weakSecret(value: string, minLength: number): string | null {
  if (PLACEHOLDERS.test(value)) return 'a placeholder from an example file';
  if (value.length < minLength) return `${value.length} characters, under ${minLength}`;
  if (new Set(value).size < 10) return `only ${new Set(value).size} distinct characters`;
  const letters = value.toLowerCase().replace(/[^a-z]/g, '');
  let rest = letters;
  for (const word of FILLER_WORDS) rest = rest.replaceAll(word, '');
  if (letters.length >= value.length / 2 && rest.length < letters.length / 4)
    return 'made of words (a test or example value), not random';
  return null;
}

const DEFAULT_DB_PASSWORDS = new Set([
  'postgres',
  'password',
  'tika',
  'secret',
  'admin',
  'runtime-pw',
  'owner-pw',
  'change-me',
  'changeme',
]);

export function weakDatabasePassword(url: string | undefined): string | null {
  if (!url) return null;
  const password = decodeURIComponent(new URL(url).password);
  if (!password) return 'no password';
  if (DEFAULT_DB_PASSWORDS.has(password.toLowerCase())) return `a well-known default ("${password}")`;
  if (password.length < 16) return `${password.length} characters, under 16`;
  return null;
}

// ── The checks, by the names checklist.json uses ──────────────────────────────────────────────────────────
export const checks: Record<string, Check> = {
  nodeVersion({ process: p }) {
    const major = Number(p.node.split('.')[0]);
    return major === 24 ? pass(`Node.js ${p.node}`) : fail(`Node.js ${p.node}; Tika supports 24.x`);
  },

  databaseReachable({ database }) {
    if (!database.ok) return fail(`no answer: ${database.error}`);
    const d = database.value;
    return pass(
      `${d.driver === 'pglite' ? 'embedded PostgreSQL (PGlite)' : `PostgreSQL (${d.driver})`} answered in ${d.latencyMs} ms`,
    );
  },

  databaseMigrated({ database }) {
    if (!database.ok) return fail(`cannot read migrations: ${database.error}`);
    const { appliedMigrations: applied, expectedMigrations: expected } = database.value;
    if (applied === expected) return pass(`${applied} of ${expected} migrations applied`);
    if (applied > expected)
      return fail(
        `the database has ${applied} migrations, this build knows ${expected}: it is newer than this build`,
        'Run the Tika version the database was upgraded to (TIKA_IMAGE / image.tag); never downgrade the schema',
      );
    return fail(`${applied} of ${expected} migrations applied`);
  },

  databaseVersion({ database }) {
    if (!database.ok) return fail(`cannot read the version: ${database.error}`);
    const { versionNum, version } = database.value;
    return versionNum >= 150000
      ? pass(`PostgreSQL ${version}`)
      : fail(`PostgreSQL ${version}; Tika needs 15 or newer (its migrations and backups are tested on 15)`);
  },

  runtimeRole({ database }) {
    if (!database.ok) return fail(`cannot read the role: ${database.error}`);
    const { role, authRole } = database.value;
    const runtime = roleProblems(role);
    if (runtime.length)
      return fail(`the app connects as "${role.name}": ${runtime.join('; ')} — row-level security does not bind it`);
    const auth = authRole ? roleProblems(authRole) : [];
    if (authRole && auth.length)
      return fail(
        `the auth library (DATABASE_AUTH_URL) connects as "${authRole.name}": ${auth.join('; ')}`,
        'Point DATABASE_AUTH_URL at a LOGIN role that is only a member of tika_auth (tika_auth_login): npm run db:migrate grants it (docs/security.md)',
      );
    return pass(
      `"${role.name}": no SUPERUSER, no BYPASSRLS, owns no tables` +
        (authRole ? `; the auth library's "${authRole.name}" neither` : ''),
    );
  },

  authRole({ database, config }) {
    if (!database.ok) return fail(`cannot read the roles: ${database.error}`);
    const { driver, role, authRole } = database.value;
    if (driver === 'pglite')
      return warn(
        'embedded database: one in-process connection, so the auth library shares it',
        'On a database server, give the auth library its own role: DATABASE_AUTH_URL (docs/security.md)',
      );
    if (!authRole && !role.authMember)
      return fail(
        `DATABASE_AUTH_URL unset, and the runtime role "${role.name}" is no member of tika_auth (npm run db:migrate took it away when the auth library had its own role): sign-in cannot read its tables`,
        "Set DATABASE_AUTH_URL back to the auth library's login role (tika_auth_login), as when the database was migrated",
      );
    if (!authRole)
      return fail(
        `DATABASE_AUTH_URL unset: the runtime role "${role.name}" is a member of tika_auth, so SQL run as it (an injection in tenant code) reads password hashes and session tokens`,
        'Create a LOGIN role for the auth library (tika_auth_login), set DATABASE_AUTH_URL to it and run npm run db:migrate, which grants it tika_auth and takes tika_auth from the runtime role (docs/security.md)',
      );
    if (role.authMember)
      return fail(
        `DATABASE_AUTH_URL is set, yet the runtime role "${role.name}" is still a member of tika_auth: password hashes and sessions stay in its reach`,
        `Run npm run db:migrate (it revokes tika_auth from the runtime role), or REVOKE tika_auth FROM ${role.name} and any role that grants it`,
      );
    if (!authRole.authMember)
      return fail(
        `the auth library's role "${authRole.name}" is no member of tika_auth: sign-in cannot read its tables`,
        'Run npm run db:migrate with DATABASE_AUTH_URL set: it grants tika_auth to that role',
      );
    return pass(
      `the auth library logs in as "${authRole.name}" (tika_auth, pool ≤ ${config.DATABASE_AUTH_POOL_MAX}); the runtime role "${role.name}" cannot read password hashes or sessions`,
    );
  },

  rlsForced({ database }) {
    if (!database.ok) return fail(`cannot read the catalog: ${database.error}`);
    const tables = database.value.tenantTables;
    const weak = tables.filter((t) => !t.enabled || !t.forced);
    if (!tables.length) return fail('no tenant tables found: is this Tika’s database?');
    if (weak.length)
      return fail(`${weak.map((t) => `${t.table} (${t.enabled ? 'enabled, not forced' : 'disabled'})`).join(', ')}`);
    return pass(`enabled and forced on all ${tables.length} tenant tables`);
  },

  appReady({ readiness }) {
    if (!readiness.ok) return fail(`readiness could not be computed: ${readiness.error}`);
    const { status, checks: parts } = readiness.value;
    const down = Object.entries(parts)
      .filter(([, c]) => c.status !== 'ok')
      .map(([name, c]) => `${name}: ${c.detail ?? 'down'}`);
    if (status === 'unhealthy') return fail(`readiness 503 — ${down.join('; ')}`);
    if (status === 'degraded') return warn(`ready, degraded — ${down.join('; ')}`);
    return pass(`ready (${Object.keys(parts).join(', ')} ok)`);
  },

  tlsInFront({ config, certificate, checkedAt }) {
    const appUrl = config.APP_URL;
    if (!appUrl || appUrl.startsWith('http:')) {
      const host = appUrl ? new URL(appUrl).hostname : 'localhost';
      const local = ['localhost', '127.0.0.1', '::1', '[::1]'].includes(host);
      const where = appUrl ?? 'APP_URL unset (http://localhost:3000)';
      return local
        ? warn(`${where}: plain HTTP, fine for this machine only`)
        : fail(`${where}: plain HTTP to a network address — sessions and tokens travel in clear text`);
    }
    if (!certificate) return warn(`${appUrl}: certificate not checked`);
    if (!certificate.ok)
      return fail(
        `${appUrl}: no TLS answer (${certificate.error})`,
        'Check the proxy in front (compose: docker compose logs caddy); inside compose set TLS_PROBE_ADDRESS=caddy:443',
      );
    const cert = certificate.value;
    const days = (cert.notAfter.getTime() - checkedAt.getTime()) / 86_400_000;
    const what = `${appUrl}: certificate from ${cert.issuer}, ${cert.trusted ? 'trusted' : 'not trusted by this machine'}, expires ${cert.notAfter.toISOString().slice(0, 10)}`;
    if (days <= 0) return fail(`${what} — expired`, 'Renew it: docs/runbooks/certificate-expiry.md');
    if (days < 14)
      return warn(`${what} — ${Math.floor(days)} days left`, 'Renewal is failing: docs/runbooks/certificate-expiry.md');
    if (!cert.trusted)
      return warn(
        `${what} (an internal CA: browsers must trust it)`,
        'Use a public certificate (TLS_MODE=auto with a public DOMAIN) or distribute the internal CA to clients',
      );
    return pass(`${what}, ${Math.floor(days)} days left`);
  },

  secretsStrong({ config }) {
    const findings: string[] = [];
    const secret = config.BETTER_AUTH_SECRET;
    if (secret) {
      const weak = weakSecret(secret, 32);
      if (weak) findings.push(`BETTER_AUTH_SECRET: ${weak}`);
    }
    if (config.METRICS_TOKEN) {
      const weak = weakSecret(config.METRICS_TOKEN, 16);
      if (weak) findings.push(`METRICS_TOKEN: ${weak}`);
    }
    for (const name of ['DATABASE_URL', 'DATABASE_AUTH_URL', 'DATABASE_OWNER_URL'] as const) {
      const weak = weakDatabasePassword(config[name]);
      if (weak) findings.push(`${name} password: ${weak}`);
    }
    if (findings.length) return fail(findings.join('; '));
    const origin = secret ? 'BETTER_AUTH_SECRET set' : 'session secret generated for the embedded database';
    return pass(`${origin}; no default or short secret among those Tika can see`);
  },

  diskHeadroom({ disks }) {
    const read = disks.filter((d) => d.ok).map((d) => (d as { ok: true; value: import('./facts').DiskFacts }).value);
    if (!read.length) return warn(`disk space could not be read: ${disks.map(failed).join('; ')}`);
    const worst = read
      .map((d) => ({ ...d, share: d.totalBytes ? d.freeBytes / d.totalBytes : 1 }))
      .sort((a, b) => a.share - b.share);
    const text = worst
      .map((d) => `${d.label} ${bytes(d.freeBytes)} free of ${bytes(d.totalBytes)} (${Math.round(d.share * 100)} %)`)
      .join('; ');
    const low = worst[0]!;
    if (low.share < 0.05 || low.freeBytes < 512 * 1024 ** 2) return fail(text);
    if (low.share < 0.15 || low.freeBytes < 2 * 1024 ** 3) return warn(text);
    return pass(text);
  },

  rateLimitsOn({ config }) {
    return config.rateLimitBackend === 'off'
      ? fail('RATE_LIMIT_BACKEND=off: nothing limits abuse of sign-in or the API')
      : pass(`rate limits on (${config.rateLimitBackend}, fail mode ${config.RATE_LIMIT_FAIL_MODE})`);
  },

  databaseServer(facts) {
    return databaseServer(facts)
      ? pass(`PostgreSQL server (${facts.database.ok ? facts.database.value.driver : 'configured'})`)
      : fail('the embedded database (PGlite, one process, data in a local directory)');
  },

  sentry({ config, sentry }) {
    if (!config.SENTRY_DSN) return fail('SENTRY_DSN unset: errors are only in the logs');
    const host = new URL(config.SENTRY_DSN).host;
    if (!sentry?.ok) return fail(`SENTRY_DSN set, ${host} does not answer (${sentry ? sentry.error : 'not checked'})`);
    return pass(`SENTRY_DSN set; ${host} answers (HTTP ${sentry.value.status})`);
  },

  structuredLogs({ config }) {
    const level = config.LOG_LEVEL ?? 'info';
    if (config.NODE_ENV !== 'production')
      return warn(`NODE_ENV=${config.NODE_ENV}: logs may be pretty-printed, not JSON`);
    if (level === 'debug' || level === 'trace')
      return warn(`JSON logs at ${level}: verbose, and may carry request details`);
    if (level === 'silent' || level === 'fatal') return fail(`LOG_LEVEL=${level}: errors are not logged`);
    return pass(`JSON logs (pino) at ${level}`);
  },

  backupsRecent({ backups, checkedAt, database }) {
    if (database.ok && database.value.driver === 'pglite')
      return fail(
        'embedded database: no backup job records runs here',
        'Move to a PostgreSQL server with the backup profile (docs/self-host.md); meanwhile copy .data while Tika is stopped',
      );
    if (!backups.ok) return fail(`backup runs could not be read: ${backups.error}`);
    const b = backups.value;
    if (!b.lastSuccessAt) {
      return fail(
        b.lastFailureAt
          ? `no successful backup; the last run failed ${duration((checkedAt.getTime() - b.lastFailureAt.getTime()) / 1000)} ago: ${b.lastFailureDetail ?? 'no detail'}`
          : 'no backup run recorded',
      );
    }
    const age = (checkedAt.getTime() - b.lastSuccessAt.getTime()) / 1000;
    const last = `last success ${duration(age)} ago (${b.lastSuccessFile ?? 'file unknown'}, ${b.lastSuccessBytes == null ? '?' : bytes(b.lastSuccessBytes)}, ${b.lastSuccessSource})`;
    if (b.lastFailureAt && b.lastFailureAt > b.lastSuccessAt)
      return fail(
        `the newest run failed ${duration((checkedAt.getTime() - b.lastFailureAt.getTime()) / 1000)} ago (${b.lastFailureDetail ?? 'no detail'}); ${last}`,
        'Read the backup job’s log and fix the cause: docs/runbooks/backup-failed.md',
      );
    if (age > 26 * 3600)
      return fail(`stale: ${last}`, 'The scheduled backup is not running: docs/runbooks/backup-failed.md');
    return pass(last);
  },

  backupRestorable({ backups, backupFile, config }) {
    if (!backups.ok || !backups.value.lastSuccessAt)
      return fail('no successful backup to check', 'Take a backup first (see "Backups recorded and recent")');
    const recorded = backups.value.lastSuccessSha256;
    if (!backupFile)
      return warn(
        `sha256 ${recorded ? `${recorded.slice(0, 12)}… recorded` : 'not recorded'}; ${config.BACKUP_DIR ? 'no file name recorded' : 'the dump is not visible here (BACKUP_DIR unset)'}`,
      );
    if (!backupFile.ok)
      return fail(`${backups.value.lastSuccessFile} not readable in ${config.BACKUP_DIR}: ${backupFile.error}`);
    const file = backupFile.value;
    if (recorded && file.sha256 !== recorded)
      return fail(
        `${file.file}: sha256 ${file.sha256.slice(0, 12)}… differs from the recorded ${recorded.slice(0, 12)}… — the dump changed or is damaged`,
        'Do not rely on this dump: take a new backup now (scripts/backup.sh) and find what altered the file',
      );
    if (file.format === 'unknown')
      return fail(
        `${file.file} is not a pg_dump archive`,
        'Take a new backup (scripts/backup.sh) and check the backup volume',
      );
    return pass(
      `${file.file}: sha256 ${recorded ? 'matches the recorded checksum' : `${file.sha256.slice(0, 12)}… (none recorded)`}, ${file.format === 'pg_dump' ? 'a pg_dump archive' : 'encrypted'}`,
    );
  },

  alertsRouted({ alertmanager, config }) {
    if (!alertmanager)
      return warn('Tika cannot see an Alertmanager (ALERTMANAGER_URL unset): whether alerts reach anyone is unknown');
    if (!alertmanager.ok)
      return fail(`Alertmanager at ${config.ALERTMANAGER_URL} does not answer: ${alertmanager.error}`);
    const live = alertmanager.value.receivers.filter((r) => r.integrations.length);
    if (!live.length) return fail('Alertmanager has no receiver with an integration: alerts reach nobody');
    return pass(`receivers: ${live.map((r) => `${r.name} (${r.integrations.join(', ')})`).join(', ')}`);
  },

  mail({ config, mailQueue, mailServer }) {
    if (config.mailTransport === 'off')
      return fail(
        'MAIL_TRANSPORT off: invitations, verification and password resets send nothing',
        'Set SMTP_URL (docs/mail.md)',
      );
    if (config.mailTransport === 'log')
      return databaseServerConfigured(config)
        ? fail('mail goes to the server log only (MAIL_TRANSPORT=log)', 'Set SMTP_URL (docs/mail.md)')
        : warn(
            'mail goes to the server log and /dev/inbox (embedded default)',
            'Set SMTP_URL to deliver it (docs/mail.md)',
          );
    if (mailServer && !mailServer.ok)
      return fail(`SMTP server ${new URL(config.SMTP_URL!).host} refused or did not answer: ${mailServer.error}`);
    if (!mailQueue.ok) return warn(`SMTP answers; the mail queue could not be read: ${mailQueue.error}`);
    const q = mailQueue.value;
    const queue = `${q.sentLastDay} sent, ${q.failedLastDay} failed in 24 h`;
    if (q.overdue)
      return fail(
        `${q.overdue} mails overdue by more than 15 min (oldest ${duration(q.oldestOverdueSeconds)}); ${queue}`,
        'See the mail.send jobs’ errors (npm run jobs -- list mail.send, docs/mail.md); check SMTP_URL credentials',
      );
    if (q.failedLastDay) return warn(`SMTP ${new URL(config.SMTP_URL!).host} answers; ${queue}`);
    return pass(`SMTP ${new URL(config.SMTP_URL!).host} answers; ${queue}`);
  },

  jobs({ jobs }) {
    if (!jobs.ok) return warn(`job metrics could not be read: ${jobs.error}`);
    const j = jobs.value;
    if (!j.available) return warn('the job system is not running in this process (docs/jobs.md)');
    if (j.oldestReadySeconds > 900)
      return fail(`the oldest runnable job has waited ${duration(j.oldestReadySeconds)}; ${j.queued} queued`);
    if (j.dead) return warn(`${j.dead} jobs ran out of retries (dead); ${j.queued} queued`);
    return pass(`${j.queued} queued, oldest waiting ${duration(j.oldestReadySeconds)}, none dead`);
  },

  rateLimitsShared({ config, instances, readiness }) {
    const store = readiness.ok ? readiness.value.checks.rateLimit : undefined;
    const live = instances.ok ? instances.value : [];
    const replicas = live.length;
    const local = live.filter((i) => (i.details.rateLimitBackend ?? 'memory') === 'memory');
    const counted = instances.ok ? `${replicas} live replica${replicas === 1 ? '' : 's'}` : 'replicas unknown';
    if (config.rateLimitBackend === 'off') return fail(`${counted}; rate limits off`);
    if (local.length && replicas > 1)
      return fail(
        `${counted}; ${local.length} count limits in their own memory (${local.map((i) => i.hostname).join(', ')}): each replica allows the full limit`,
      );
    if (config.rateLimitBackend === 'memory')
      return replicas > 1
        ? fail(`${counted}; this one counts in memory`)
        : fail(
            `${counted}; limits counted in this process's memory — they reset on restart and will not hold once a second replica runs`,
          );
    if (store && store.status !== 'ok')
      return fail(
        `${counted}; the ${config.rateLimitBackend} store is down (${store.detail ?? 'no answer'}): fail mode ${config.RATE_LIMIT_FAIL_MODE} ${config.RATE_LIMIT_FAIL_MODE === 'open' ? 'lets every request through unlimited' : 'refuses requests with 503'}`,
        config.rateLimitBackend === 'redis'
          ? 'Bring Redis back (compose: docker compose --profile redis up -d redis); runbook docs/runbooks/redis-down.md'
          : 'Check the Upstash database (console); runbook docs/runbooks/redis-down.md',
      );
    return pass(`${counted}; shared ${config.rateLimitBackend} store answers (${store?.latencyMs ?? '?'} ms)`);
  },

  metricsScraped({ config, prometheus }) {
    if (!config.METRICS_TOKEN) return fail('METRICS_TOKEN unset: /api/metrics answers 404, nothing can scrape Tika');
    if (!prometheus) return warn('/api/metrics on; Tika cannot see Prometheus (PROMETHEUS_URL unset)');
    if (!prometheus.ok) return fail(`Prometheus at ${config.PROMETHEUS_URL} does not answer: ${prometheus.error}`);
    return prometheus.value.scrapedInstances > 0
      ? pass(`/api/metrics on; Prometheus scrapes ${prometheus.value.scrapedInstances} Tika instance(s)`)
      : fail('/api/metrics on, but Prometheus has no Tika series: the scrape is not configured or fails (token?)');
  },

  sloRules({ prometheus, config }) {
    if (!prometheus)
      return warn('Tika cannot see Prometheus (PROMETHEUS_URL unset): whether the SLO rules run is unknown');
    if (!prometheus.ok) return fail(`Prometheus at ${config.PROMETHEUS_URL} does not answer: ${prometheus.error}`);
    const wanted = ['http_error_rate', 'TikaErrorBudgetBurnFast', 'TikaNotReady', 'TikaBackupTooOld'];
    const missing = wanted.filter((name) => !prometheus.value.rules.includes(name));
    const tika = prometheus.value.rules.filter(
      (r) => r.startsWith('Tika') || r.startsWith('tika:') || r === 'http_error_rate',
    );
    return missing.length
      ? fail(`missing in Prometheus: ${missing.join(', ')} (${tika.length} Tika rules loaded)`)
      : pass(`${tika.length} Tika rules loaded, including the error-budget burn alerts`);
  },

  alertsPaging({ alertmanager, config }) {
    if (!alertmanager) return warn('Tika cannot see an Alertmanager (ALERTMANAGER_URL unset)');
    if (!alertmanager.ok)
      return fail(`Alertmanager at ${config.ALERTMANAGER_URL} does not answer: ${alertmanager.error}`);
    const paging = alertmanager.value.receivers.filter((r) =>
      r.integrations.some((i) => ['pagerduty', 'opsgenie', 'victorops'].includes(i)),
    );
    return paging.length
      ? pass(`paging receiver: ${paging.map((r) => `${r.name} (${r.integrations.join(', ')})`).join(', ')}`)
      : fail(
          `no paging integration (receivers: ${alertmanager.value.receivers.map((r) => r.name).join(', ') || 'none'}): critical alerts wake nobody`,
        );
  },

  traces({ config, otel }) {
    if (!config.OTEL_EXPORTER_OTLP_ENDPOINT)
      return warn(
        'OTEL_EXPORTER_OTLP_ENDPOINT unset: no traces (needed once requests cross services or external APIs)',
      );
    if (!otel?.ok)
      return fail(
        `OTLP collector ${config.OTEL_EXPORTER_OTLP_ENDPOINT} does not answer: ${otel ? otel.error : 'not checked'}`,
      );
    return pass(`traces to ${config.OTEL_EXPORTER_OTLP_ENDPOINT} (collector answers)`);
  },

  unleash({ config, readiness }) {
    if (!config.UNLEASH_URL)
      return warn('no Unleash: flags come from FLAG_* settings and per-workspace overrides (no gradual rollout)');
    const check = readiness.ok ? readiness.value.checks.unleash : undefined;
    if (!check || check.status !== 'ok')
      return fail(`${config.UNLEASH_URL} unreachable (${check?.detail ?? 'no answer'}): serving the last known flags`);
    return pass(`${config.UNLEASH_URL} answers (${check.latencyMs} ms)`);
  },

  databasePool({ database, instances, config }) {
    if (!database.ok) return fail(`cannot read max_connections: ${database.error}`);
    if (database.value.driver === 'pglite') return pass('embedded database: one in-process connection');
    const live = instances.ok && instances.value.length ? instances.value : null;
    const replicas = live?.length ?? 1;
    const ownAuthPool = config.DATABASE_AUTH_URL ? config.DATABASE_AUTH_POOL_MAX : 0;
    // Each replica opens its runtime pool and, with DATABASE_AUTH_URL, the auth library's pool besides.
    const perReplica = (details: Record<string, unknown>) =>
      Number(details.poolMax ?? config.DATABASE_POOL_MAX) + Number(details.authPoolMax ?? ownAuthPool);
    const pools = live
      ? live.reduce((sum, i) => sum + perReplica(i.details), 0)
      : config.DATABASE_POOL_MAX + ownAuthPool;
    // Migrations, backups, the doctor and an operator's psql need a few more.
    const needed = pools + 5;
    const max = database.value.maxConnections;
    const pool = ownAuthPool
      ? `(pool ≤ ${config.DATABASE_POOL_MAX} + auth pool ≤ ${ownAuthPool})`
      : `pool ≤ ${config.DATABASE_POOL_MAX}`;
    const text = `${replicas} replica(s) × ${pool} = ${pools} (+5 for migrations, backups, psql) of max_connections ${max}`;
    if (needed > max) return fail(text);
    if (needed > 0.8 * max) return warn(`${text}: little room to add replicas`);
    return pass(text);
  },

  memoryHeadroom({ process: p }) {
    if (!p.memoryLimitBytes) return warn(`no memory limit on this container; resident ${bytes(p.rssBytes)}`);
    const share = p.rssBytes / p.memoryLimitBytes;
    const text = `resident ${bytes(p.rssBytes)} of a ${bytes(p.memoryLimitBytes)} limit (${Math.round(share * 100)} %)`;
    if (share > 0.9) return fail(text);
    if (share > 0.75) return warn(text);
    return pass(text);
  },

  nonRoot({ process: p }) {
    if (p.uid === null) return warn('the user id cannot be read on this platform');
    return p.uid === 0 ? fail('runs as root (uid 0)') : pass(`runs as uid ${p.uid}`);
  },

  readOnlyFiles({ appDirWritable, process: p }) {
    return appDirWritable
      ? warn(`${p.appDir} is writable by the server process: a compromise could rewrite the code it runs`)
      : pass(`${p.appDir} is read-only for the server process`);
  },

  backupsEncrypted({ backups }) {
    if (!backups.ok || !backups.value.lastSuccessFile)
      return fail('no successful backup to judge', 'Take encrypted backups: BACKUP_PASSPHRASE (compose)');
    const file = backups.value.lastSuccessFile;
    return /\.(gpg|enc)$/.test(file)
      ? pass(`${file} is encrypted`)
      : fail(`${file} is not encrypted: anyone with the backup volume reads every tenant's data`);
  },

  databaseTls({ database }) {
    if (!database.ok) return fail(`cannot read the connection: ${database.error}`);
    const d = database.value;
    if (d.driver === 'pglite') return pass('embedded database: no network connection');
    if (d.ssl === true) return pass('this connection is TLS (pg_stat_ssl)');
    return warn(
      d.ssl === false
        ? 'this connection is not encrypted (pg_stat_ssl): acceptable only on a private network'
        : 'TLS state unknown (pg_stat_ssl not readable)',
    );
  },

  auditAppendOnly({ database }) {
    if (!database.ok) return fail(`cannot read triggers: ${database.error}`);
    const triggers = database.value.auditTriggers;
    return triggers.length
      ? pass(`audit_logs guarded by ${triggers.join(', ')}`)
      : fail('audit_logs has no trigger refusing UPDATE and DELETE');
  },

  fullObservability(facts) {
    const parts = {
      errors: Boolean(facts.config.SENTRY_DSN && facts.sentry?.ok),
      metrics: Boolean(facts.config.METRICS_TOKEN && facts.prometheus?.ok && facts.prometheus.value.scrapedInstances),
      traces: Boolean(facts.config.OTEL_EXPORTER_OTLP_ENDPOINT && facts.otel?.ok),
      logs: facts.config.NODE_ENV === 'production',
    };
    const missing = Object.entries(parts)
      .filter(([, on]) => !on)
      .map(([name]) => name);
    return missing.length
      ? fail(`missing: ${missing.join(', ')}`)
      : pass('errors, metrics, traces and JSON logs all on');
  },

  imageSignature({ version }) {
    return warn(
      `${version ? `image ${version}` : 'not running from the image'}: this build ships no signature verification yet; verify images before deploying`,
    );
  },
};

function databaseServerConfigured(config: DoctorFacts['config']): boolean {
  return Boolean(config.DATABASE_URL) || config.DATABASE_DRIVER === 'pg' || config.DATABASE_DRIVER === 'neon';
}
