import 'server-only';
import { isIP } from 'node:net';
import { z } from 'zod';

// The one place that reads the process configuration. Validated once at boot (instrumentation.ts): a bad value
// stops the process with ONE message listing every problem, never a stack trace, never a secret's value.
// Embedded mode (no DATABASE_URL) needs no variable at all. `.env.example` documents each one by stage
// (`.env.selfhost.example` the ones a compose install sets).

const flagValue = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['on', 'off', 'true', 'false', '1', '0']))
  .transform((v) => v === 'on' || v === 'true' || v === '1');

/** "300/1m", "10/60s", "5000/1h" → requests per window. */
export const limitSpec = z
  .string()
  .trim()
  .regex(/^\d+\/\d+(?:ms|s|m|h)$/, 'expected "<requests>/<window>", e.g. 300/1m, 10/60s')
  .transform((value) => {
    const [count, window] = value.split('/') as [string, string];
    const [, amount, unit] = /^(\d+)(ms|s|m|h)$/.exec(window)!;
    const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h'];
    return { limit: Number(count), windowMs: Number(amount) * factor };
  })
  .refine((v) => v.limit > 0 && v.windowMs >= 1000, 'the limit must be positive and the window at least 1s');
export type LimitSpec = z.output<typeof limitSpec>;

const optionalUrl = (protocols: RegExp, hint: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(
      z
        .string()
        .refine((v) => URL.canParse(v) && protocols.test(new URL(v).protocol), hint)
        .optional(),
    );

/** The public origin when APP_URL is unset (local development, the embedded single-machine mode). */
export const DEFAULT_APP_URL = 'http://localhost:3000';
/** The embedded database's directory when PGLITE_DATA_DIR is unset, relative to the working directory. */
export const DEFAULT_PGLITE_DATA_DIR = '.data/pglite';
/** Where the migrations are when MIGRATIONS_DIR is unset (standalone builds trace them there). */
export const DEFAULT_MIGRATIONS_DIR = 'drizzle';

/** Who may tell us the client's address (X-Forwarded-For): nobody, the N proxies nearest to us, or these ranges. */
export type TrustedProxies =
  | { kind: 'none' }
  | { kind: 'hops'; hops: number }
  | { kind: 'cidrs'; ranges: { address: string; prefix: number; family: 'ipv4' | 'ipv6' }[] };

/** "" / "0" → none; "1" … "10" → that many proxy hops; "10.0.0.0/8, 192.168.1.7" → those ranges. */
export const trustedProxiesSpec = z
  .string()
  .trim()
  .optional()
  .transform((value, context): TrustedProxies => {
    if (!value || value === '0') return { kind: 'none' };
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops > 10) context.addIssue({ code: 'custom', message: 'a hop count must be between 0 and 10' });
      return { kind: 'hops', hops };
    }
    const ranges: Extract<TrustedProxies, { kind: 'cidrs' }>['ranges'] = [];
    for (const entry of value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)) {
      const parts = entry.split('/');
      const [address = '', prefixText] = parts.length <= 2 ? parts : [''];
      const version = isIP(address);
      const max = version === 6 ? 128 : 32;
      const prefix = prefixText === undefined ? max : Number(prefixText);
      const prefixOk = prefixText === undefined || (/^\d+$/.test(prefixText) && prefix <= max);
      if (!version || !prefixOk) {
        context.addIssue({
          code: 'custom',
          message: `"${entry}" is neither a hop count nor an IP address or CIDR range (e.g. 1, or 10.0.0.0/8,fd00::/8)`,
        });
        continue;
      }
      ranges.push({ address, prefix, family: version === 6 ? 'ipv6' : 'ipv4' });
    }
    return { kind: 'cidrs', ranges };
  });

const emptyAsUndefined = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema);
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const envSchema = z.object({
  // ── MVP ────────────────────────────────────────────────────────────────────────────────────────────
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  TIKA_ENV: emptyAsUndefined(
    z
      .string()
      .regex(/^[a-z0-9-]{1,32}$/, 'lowercase letters, digits and dashes')
      .optional(),
  ),
  APP_URL: optionalUrl(/^https?:$/, 'must be an http(s) URL, e.g. https://tika.example.com'),
  // More origins allowed to POST with cookies (sign-in from a second domain), comma-separated.
  TRUSTED_ORIGINS: z.string().optional(),
  // Proxies in front of the app whose X-Forwarded-For is believed (client IP for rate limits and the audit log):
  // a hop count (compose behind Caddy, Helm behind the ingress, Vercel: 1) or a CIDR list. Unset: the socket.
  TRUSTED_PROXIES: trustedProxiesSpec,
  LOG_LEVEL: emptyAsUndefined(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional()),
  // Development only: LOG_PRETTY=0 keeps JSON lines in the terminal.
  LOG_PRETTY: emptyAsUndefined(z.enum(['0', '1']).optional()),
  DATABASE_DRIVER: emptyAsUndefined(z.enum(['pglite', 'pg', 'neon']).optional()),
  DATABASE_URL: optionalUrl(/^postgres(ql)?:$/, 'must be a postgres:// URL'),
  DATABASE_OWNER_URL: optionalUrl(/^postgres(ql)?:$/, 'must be a postgres:// URL'),
  // The auth library's own login role (member of tika_auth: sessions, password hashes), so the tenant runtime
  // role never holds those rights (docs/security.md). Unset: the auth library shares DATABASE_URL's role.
  DATABASE_AUTH_URL: optionalUrl(/^postgres(ql)?:$/, 'must be a postgres:// URL'),
  DATABASE_AUTH_POOL_MAX: emptyAsUndefined(int(1, 100).default(5)),
  DATABASE_POOL_MAX: emptyAsUndefined(int(1, 500).default(10)),
  // Overload protection (docs/overload.md): how long a request may wait for a pooled connection before it is
  // answered 503 + Retry-After, and the server-side limits of every runtime connection.
  DATABASE_POOL_ACQUIRE_TIMEOUT_MS: emptyAsUndefined(int(100, 60_000).default(2_000)),
  DATABASE_STATEMENT_TIMEOUT_MS: emptyAsUndefined(int(0, 3_600_000).default(10_000)),
  DATABASE_LOCK_TIMEOUT_MS: emptyAsUndefined(int(0, 3_600_000).default(5_000)),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: emptyAsUndefined(int(0, 3_600_000).default(30_000)),
  HTTP_MAX_CONCURRENT_REQUESTS: emptyAsUndefined(int(0, 100_000).default(100)),
  REALTIME_MAX_STREAMS_PER_WORKSPACE: emptyAsUndefined(int(1, 100_000).default(200)),
  // Overrides every built-in circuit breaker's open period (Redis 5 s, Unleash/OTLP/Sentry 30 s): docs/overload.md.
  CIRCUIT_BREAKER_OPEN_MS: emptyAsUndefined(int(100, 600_000).optional()),
  PGLITE_DATA_DIR: z.string().optional(),
  MIGRATIONS_DIR: emptyAsUndefined(z.string().optional()),
  // Tests and self-run Neon-compatible setups: a local WebSocket→TCP proxy for the Neon driver.
  // host:port/path of the proxy, without a scheme (as @neondatabase/serverless's neonConfig.wsProxy takes it).
  NEON_WS_PROXY: emptyAsUndefined(z.string().optional()),
  BETTER_AUTH_SECRET: emptyAsUndefined(
    z.string().min(32, 'must be at least 32 characters (openssl rand -base64 32)').optional(),
  ),
  // ── Accounts: mail, verification, sign-up, single sign-on ─────────────────────────────────────────────
  // smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465. Unset: see MAIL_TRANSPORT.
  SMTP_URL: optionalUrl(/^smtps?:$/, 'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587'),
  MAIL_FROM: emptyAsUndefined(z.string().trim().min(3).max(320).optional()),
  // smtp: send through SMTP_URL; log: write mails to the server log and the dev inbox (/dev/inbox); off: no mail.
  // Default: smtp with SMTP_URL, else log on the embedded database or outside production, else off.
  MAIL_TRANSPORT: emptyAsUndefined(z.enum(['smtp', 'log', 'off']).optional()),
  MAIL_DEFAULT_LOCALE: emptyAsUndefined(z.enum(['en', 'de']).default('en')),
  MAIL_MAX_ATTEMPTS: emptyAsUndefined(int(1, 50).default(8)),
  // on: an unverified address cannot sign in (sign-up mails a link instead); off: it can, with a banner.
  AUTH_REQUIRE_EMAIL_VERIFICATION: emptyAsUndefined(flagValue.default(false)),
  RATE_LIMIT_MAIL: emptyAsUndefined(limitSpec.default({ limit: 5, windowMs: 3_600_000 })),
  // Who may create an account. open: anyone (limited to TIKA_SIGN_UP_DOMAINS when set); closed: only someone holding
  // a pending invitation. Either way an invitation works, and so do the instance admins' addresses
  // (TIKA_ADMIN_EMAILS) and, without them, the very first account of an empty instance.
  TIKA_SIGN_UP: emptyAsUndefined(z.enum(['open', 'closed']).default('open')),
  // Open sign-up only for addresses at these domains (exact, case-insensitive), comma-separated.
  TIKA_SIGN_UP_DOMAINS: emptyAsUndefined(
    z
      .string()
      .refine(
        (v) =>
          v
            .split(',')
            .every((d) => /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(d.trim())),
        'expected email domains separated by commas, e.g. example.com,example.org',
      )
      .optional(),
  ),
  // ── Team ───────────────────────────────────────────────────────────────────────────────────────────
  SENTRY_DSN: optionalUrl(/^https?:$/, 'must be the DSN URL from your Sentry project'),
  SENTRY_ENVIRONMENT: z.string().optional(),
  SENTRY_RELEASE: z.string().optional(),
  SENTRY_TRACES_SAMPLE_RATE: emptyAsUndefined(z.coerce.number().min(0).max(1).default(0)),
  // ── SaaS ───────────────────────────────────────────────────────────────────────────────────────────
  METRICS_TOKEN: emptyAsUndefined(z.string().min(16, 'must be at least 16 characters').optional()),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl(/^https?:$/, 'must be an http(s) URL of an OTLP/HTTP collector'),
  OTEL_SERVICE_NAME: z.string().default('tika'),
  OTEL_EXPORTER_OTLP_HEADERS: z
    .string()
    .optional()
    .refine(
      (v) => !v || v.split(',').every((pair) => /^\s*[^=\s]+\s*=.*$/.test(pair)),
      'expected key=value pairs separated by commas (the OpenTelemetry format)',
    ),
  RATE_LIMIT_BACKEND: emptyAsUndefined(z.enum(['memory', 'redis', 'upstash', 'off']).optional()),
  RATE_LIMIT_FAIL_MODE: emptyAsUndefined(z.enum(['open', 'closed']).default('open')),
  RATE_LIMIT_PLAN_FREE: emptyAsUndefined(limitSpec.default({ limit: 300, windowMs: 60_000 })),
  RATE_LIMIT_PLAN_PRO: emptyAsUndefined(limitSpec.default({ limit: 1200, windowMs: 60_000 })),
  RATE_LIMIT_PLAN_ENTERPRISE: emptyAsUndefined(limitSpec.default({ limit: 6000, windowMs: 60_000 })),
  RATE_LIMIT_AUTH: emptyAsUndefined(limitSpec.default({ limit: 10, windowMs: 60_000 })),
  RATE_LIMIT_SIGN_IN_ACCOUNT: emptyAsUndefined(limitSpec.default({ limit: 10, windowMs: 900_000 })),
  RATE_LIMIT_TOKENS: emptyAsUndefined(limitSpec.default({ limit: 20, windowMs: 3_600_000 })),
  REDIS_URL: optionalUrl(/^rediss?:$/, 'must be a redis:// or rediss:// URL'),
  UPSTASH_REDIS_REST_URL: optionalUrl(/^https?:$/, 'must be the https URL of the Upstash database'),
  UPSTASH_REDIS_REST_TOKEN: emptyAsUndefined(z.string().min(1).optional()),
  UNLEASH_URL: optionalUrl(/^https?:$/, 'must be the Unleash API URL, e.g. https://unleash.example.com/api'),
  UNLEASH_API_TOKEN: emptyAsUndefined(z.string().min(1).optional()),
  UNLEASH_APP_NAME: z.string().default('tika'),
  UNLEASH_REFRESH_MS: emptyAsUndefined(int(1000, 3_600_000).default(15_000)),
  UNLEASH_BACKUP_PATH: z.string().optional(),
  FLAG_DEFAULTS: z
    .string()
    .optional()
    .refine(
      (v) => !v || v.split(',').every((pair) => /^\s*[A-Z0-9_]+\s*=\s*(on|off|true|false|1|0)\s*$/i.test(pair)),
      'expected NAME=on|off pairs separated by commas',
    ),
  USAGE_FLUSH_INTERVAL_MS: emptyAsUndefined(int(1000, 3_600_000).default(10_000)),
  // Instance admins (the operations page, the doctor's report): comma-separated emails; unset = the first account.
  TIKA_ADMIN_EMAILS: emptyAsUndefined(
    z
      .string()
      .refine(
        (v) => v.split(',').every((e) => /^[^\s@,]+@[^\s@,]+$/.test(e.trim())),
        'expected email addresses separated by commas',
      )
      .optional(),
  ),
  // The operations page's charts: one point of this instance's own metrics every so many seconds, 720 kept
  // (30 s → the last 6 hours).
  OPS_SAMPLE_SECONDS: emptyAsUndefined(int(1, 600).default(30)),
  // Operations: where the operator's tools live, for `tika doctor` and the operations page (all optional).
  GRAFANA_URL: optionalUrl(/^https?:$/, "must be Grafana's http(s) address, e.g. https://grafana.example.com"),
  PROMETHEUS_URL: optionalUrl(/^https?:$/, 'must be the http(s) address of the Prometheus that scrapes Tika'),
  ALERTMANAGER_URL: optionalUrl(/^https?:$/, 'must be the http(s) address of the Alertmanager Tika alerts go to'),
  // host:port where APP_URL's certificate can be read from inside, when its name leads elsewhere (compose: caddy:443).
  TLS_PROBE_ADDRESS: emptyAsUndefined(
    z
      .string()
      .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'expected host:port, e.g. caddy:443')
      .optional(),
  ),
  // A directory where the newest backup dump is visible (read-only is enough): the doctor verifies its checksum.
  BACKUP_DIR: emptyAsUndefined(z.string().optional()),
  // ── Background jobs (docs/jobs.md) ─────────────────────────────────────────────────────────────────
  // app: serves requests and runs jobs (default); web: serves and only enqueues; worker: runs jobs (the separate
  // worker process — same image, no traffic routed to it).
  TIKA_ROLE: emptyAsUndefined(z.enum(['app', 'web', 'worker']).default('app')),
  JOBS_POLL_INTERVAL_MS: emptyAsUndefined(int(500, 60_000).default(2000)),
  JOBS_POOL_MAX: emptyAsUndefined(int(1, 100).default(4)),
  JOBS_HISTORY_DAYS: emptyAsUndefined(int(1, 365).default(14)),
  JOBS_SHUTDOWN_TIMEOUT_MS: emptyAsUndefined(int(1000, 600_000).default(20_000)),
  // How often the queue is checked for timed-out jobs and workers that stopped reporting (a killed worker's job
  // is retried within its heartbeat plus this), and queue statistics are refreshed.
  JOBS_SUPERVISE_INTERVAL_SECONDS: emptyAsUndefined(int(5, 3600).default(60)),
  JOBS_TIMEZONE: emptyAsUndefined(
    z
      .string()
      .refine((tz) => Intl.supportedValuesOf('timeZone').includes(tz) || tz === 'UTC', 'an IANA time zone, e.g. UTC')
      .default('UTC'),
  ),
  JOBS_SCHEDULES: z
    .string()
    .optional()
    .refine(
      (v) => !v || v.split(';').every((pair) => /^\s*[a-z0-9.-]+\s*=\s*(off|(\S+\s+){4}\S+)\s*$/.test(pair)),
      'expected name=<5-field cron>|off pairs separated by ";", e.g. housekeeping.audit-retention=0 3 * * *',
    ),
  // Housekeeping (docs/jobs.md#housekeeping). Days of audit trail kept per workspace plan; 0 keeps it forever.
  AUDIT_RETENTION_DAYS_FREE: emptyAsUndefined(int(0, 36_500).default(90)),
  AUDIT_RETENTION_DAYS_PRO: emptyAsUndefined(int(0, 36_500).default(365)),
  AUDIT_RETENTION_DAYS_ENTERPRISE: emptyAsUndefined(int(0, 36_500).default(730)),
  // The trail of a workspace that was deleted (its plan is gone with it).
  AUDIT_RETENTION_DAYS_DELETED: emptyAsUndefined(int(0, 36_500).default(365)),
  USAGE_KEEP_DAILY_DAYS: emptyAsUndefined(int(31, 3650).default(90)),
  USAGE_KEEP_MONTHS: emptyAsUndefined(int(0, 1200).default(24)),
  INVITATION_KEEP_DAYS: emptyAsUndefined(int(0, 3650).default(30)),
  // Webhooks (docs/webhooks.md). Internal targets a self-hoster allows: host names, addresses or CIDR ranges.
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .optional()
    .refine(
      (v) =>
        !v ||
        v
          .split(',')
          .map((entry) => entry.trim())
          .filter(Boolean)
          .every((entry) => /^[a-z0-9.-]+$/i.test(entry) || /^[0-9a-f:.[\]]+(\/\d{1,3})?$/i.test(entry)),
      'expected host names, addresses or CIDR ranges separated by commas',
    ),
  WEBHOOK_TIMEOUT_MS: emptyAsUndefined(int(1000, 30_000).default(10_000)),
  // First retry delay; retries back off exponentially (with jitter) to about 24 h in all.
  WEBHOOK_RETRY_DELAY_SECONDS: emptyAsUndefined(int(1, 600).default(30)),
  WEBHOOK_DISABLE_AFTER_HOURS: emptyAsUndefined(int(1, 2160).default(72)),
  WEBHOOK_SECRET_GRACE_HOURS: emptyAsUndefined(int(0, 720).default(24)),
  WEBHOOK_DELIVERY_KEEP_DAYS: emptyAsUndefined(int(1, 3650).default(30)),
  // ── Enterprise ─────────────────────────────────────────────────────────────────────────────────────
  // Set by the image (Dockerfile ARG VERSION): shown by the doctor and the operations page.
  TIKA_VERSION: emptyAsUndefined(z.string().optional()),
  SHUTDOWN_TIMEOUT_MS: emptyAsUndefined(int(0, 600_000).default(25_000)),
  SHUTDOWN_DRAIN_DELAY_MS: emptyAsUndefined(int(0, 120_000).default(0)),
  TIKA_DIAGNOSTICS: emptyAsUndefined(z.enum(['0', '1']).default('0')),
});

/** The user a postgres:// URL logs in as ('' when it does not parse: the URL's own check reports that). */
function loginOf(url: string | undefined): string {
  try {
    return decodeURIComponent(new URL(url ?? '').username);
  } catch {
    return '';
  }
}

// Rules between variables, checked on the raw values so they are reported even when other values are invalid.
function crossChecks(source: Record<string, string | undefined>): string[] {
  const set = (name: string) => Boolean(source[name]?.trim());
  const problems: string[] = [];
  const driver = source.DATABASE_DRIVER?.trim();
  const server = set('DATABASE_URL') || driver === 'pg' || driver === 'neon';
  if ((driver === 'pg' || driver === 'neon') && !set('DATABASE_URL'))
    problems.push(`DATABASE_URL: required when DATABASE_DRIVER=${driver}`);
  if (server && !set('BETTER_AUTH_SECRET'))
    problems.push(
      'BETTER_AUTH_SECRET: required with a database server (DATABASE_URL): it signs sessions and must be the same on every replica',
    );
  if (server && (source.NODE_ENV ?? 'production') === 'production' && !set('APP_URL'))
    problems.push(
      'APP_URL: required with a database server in production: the public URL, for auth origins and cookies',
    );
  if (set('DATABASE_AUTH_URL') && !server)
    problems.push(
      'DATABASE_AUTH_URL: only with a database server (DATABASE_URL); the embedded database has one connection',
    );
  if (
    set('DATABASE_AUTH_URL') &&
    set('DATABASE_URL') &&
    loginOf(source.DATABASE_AUTH_URL) === loginOf(source.DATABASE_URL)
  )
    problems.push(
      'DATABASE_AUTH_URL: must log in as its own role (e.g. tika_auth_login), not the runtime role of DATABASE_URL',
    );
  const backend = source.RATE_LIMIT_BACKEND?.trim();
  if (backend === 'redis' && !set('REDIS_URL')) problems.push('REDIS_URL: required when RATE_LIMIT_BACKEND=redis');
  if (backend === 'upstash') {
    if (!set('UPSTASH_REDIS_REST_URL'))
      problems.push('UPSTASH_REDIS_REST_URL: required when RATE_LIMIT_BACKEND=upstash');
    if (!set('UPSTASH_REDIS_REST_TOKEN'))
      problems.push('UPSTASH_REDIS_REST_TOKEN: required when RATE_LIMIT_BACKEND=upstash');
  }
  if (source.MAIL_TRANSPORT?.trim() === 'smtp' && !set('SMTP_URL'))
    problems.push('SMTP_URL: required when MAIL_TRANSPORT=smtp');
  if (set('UNLEASH_URL') && !set('UNLEASH_API_TOKEN'))
    problems.push('UNLEASH_API_TOKEN: required when UNLEASH_URL is set (a client/backend token)');
  return problems;
}

export type Env = z.output<typeof envSchema> & {
  trustedProxies: TrustedProxies;
  flags: Record<string, boolean>;
  /** OTEL_EXPORTER_OTLP_HEADERS parsed (e.g. an API key for a hosted collector). */
  otlpHeaders: Record<string, string>;
  rateLimitBackend: 'memory' | 'redis' | 'upstash' | 'off';
  environment: string;
  /** How mail leaves: SMTP, the server log plus the dev inbox, or not at all (flows that need mail say so). */
  mailTransport: 'smtp' | 'log' | 'off';
  mailFrom: string;
  /** TIKA_SIGN_UP_DOMAINS, lowercased; empty: any domain. */
  signUpDomains: string[];
  /** The public origin, e.g. https://tika.example.com (APP_URL, or DEFAULT_APP_URL). */
  appUrl: string;
  /** Origins whose cookie-carrying POSTs are accepted: appUrl and TRUSTED_ORIGINS. */
  trustedOrigins: string[];
  /** The embedded database's directory (absolute, or memory://). */
  pgliteDataDir: string;
  migrationsDir: string;
};

/** Where every variable is documented: the self-host example for compose installs, .env.example for the rest. */
export const ENV_HELP =
  'See .env.selfhost.example (Docker Compose and the air-gapped bundle) or .env.example (Node, Vercel, Kubernetes) for every variable and when it is needed.';

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Tika cannot start: ${problems.length} configuration problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}\n${ENV_HELP}`,
    );
    this.name = 'EnvError';
  }
}

/** The configuration error as one JSON line in the logger's shape (production writes nothing but JSON lines). */
export function envErrorLine(error: EnvError, source: Record<string, string | undefined> = process.env): string {
  const count = error.problems.length;
  return `${JSON.stringify({
    level: 'fatal',
    time: new Date().toISOString(),
    service: source.OTEL_SERVICE_NAME || 'tika',
    env: source.TIKA_ENV || source.NODE_ENV || 'production',
    problems: error.problems,
    help: ENV_HELP,
    msg: `Tika cannot start: ${count} configuration problem${count === 1 ? '' : 's'}: ${error.problems.join('; ')}`,
  })}\n`;
}

/** Parses a whole environment. Throws EnvError listing every problem; messages name variables, never values. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const flagErrors: string[] = [];
  const flags: Record<string, boolean> = {};
  for (const pair of source.FLAG_DEFAULTS?.split(',').filter((p) => p.trim()) ?? []) {
    const [name, value] = pair.split('=').map((s) => s.trim());
    const parsed = flagValue.safeParse(value ?? '');
    if (name && parsed.success) flags[name.toUpperCase()] = parsed.data;
  }
  for (const [key, value] of Object.entries(source)) {
    if (!key.startsWith('FLAG_') || key === 'FLAG_DEFAULTS' || value === undefined) continue;
    const parsed = flagValue.safeParse(value);
    if (parsed.success) flags[key.slice(5)] = parsed.data;
    else flagErrors.push(`${key}: expected on or off`);
  }
  const result = envSchema.safeParse(source);
  const problems = [
    ...(result.success
      ? []
      : result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`)),
    ...crossChecks(source),
    ...flagErrors,
  ];
  if (result.success && result.data.AUTH_REQUIRE_EMAIL_VERIFICATION && defaultMailTransportOf(result.data) === 'off')
    problems.push(
      'AUTH_REQUIRE_EMAIL_VERIFICATION: needs mail to deliver the links (set SMTP_URL), or nobody new could ever sign in',
    );
  if (!result.success || problems.length) throw new EnvError(problems);
  const env = result.data;
  const appUrl = new URL(env.APP_URL ?? DEFAULT_APP_URL);
  const otlpHeaders = Object.fromEntries(
    (env.OTEL_EXPORTER_OTLP_HEADERS ?? '')
      .split(',')
      .filter((pair) => pair.includes('='))
      .map((pair) => {
        const at = pair.indexOf('=');
        return [decodeURIComponent(pair.slice(0, at).trim()), decodeURIComponent(pair.slice(at + 1).trim())];
      }),
  );
  return {
    ...env,
    trustedProxies: env.TRUSTED_PROXIES,
    flags,
    otlpHeaders,
    rateLimitBackend:
      env.RATE_LIMIT_BACKEND ?? (env.UPSTASH_REDIS_REST_URL ? 'upstash' : env.REDIS_URL ? 'redis' : 'memory'),
    environment: env.TIKA_ENV ?? env.SENTRY_ENVIRONMENT ?? env.NODE_ENV,
    mailTransport: defaultMailTransportOf(env),
    mailFrom: env.MAIL_FROM ?? `Tika <no-reply@${appUrl.hostname}>`,
    signUpDomains: (env.TIKA_SIGN_UP_DOMAINS ?? '')
      .split(',')
      .map((domain) => domain.trim().toLowerCase())
      .filter(Boolean),
    appUrl: appUrl.origin,
    trustedOrigins: [
      appUrl.origin,
      ...(env.TRUSTED_ORIGINS?.split(',')
        .map((origin) => origin.trim())
        .filter(Boolean) ?? []),
    ],
    // No node:path here: the edge runtime (Sentry's edge config) loads this module too.
    pgliteDataDir: env.PGLITE_DATA_DIR || `${process.cwd()}/${DEFAULT_PGLITE_DATA_DIR}`,
    migrationsDir: env.MIGRATIONS_DIR ?? `${process.cwd()}/${DEFAULT_MIGRATIONS_DIR}`,
  };
}

// Mail that cannot be delivered is better written to the log than lost — except in production on a database
// server, where the log is shipped elsewhere and a reset link in it would be a credential in the wrong place.
function defaultMailTransportOf(env: z.output<typeof envSchema>): Env['mailTransport'] {
  if (env.MAIL_TRANSPORT) return env.MAIL_TRANSPORT;
  if (env.SMTP_URL) return 'smtp';
  const embedded = !env.DATABASE_URL && (env.DATABASE_DRIVER ?? 'pglite') === 'pglite';
  return embedded || env.NODE_ENV !== 'production' ? 'log' : 'off';
}

const envKey = Symbol.for('tika.env');
type Holder = { [envKey]?: Env };

/** The validated configuration (parsed on first use; boot calls it first so problems surface at start). */
export function env(): Env {
  const holder = globalThis as Holder;
  return (holder[envKey] ??= parseEnv());
}

/**
 * The logger's settings, readable even when the configuration as a whole is invalid: the logger must work while
 * the boot check reports the problems (an invalid LOG_LEVEL among them) with one message.
 */
export function loggerSettings(): { level: string; pretty: boolean; service: string; environment: string } {
  const config = lenientLoggerEnv.parse(process.env);
  return {
    level: config.LOG_LEVEL ?? (config.NODE_ENV === 'test' ? 'silent' : 'info'),
    pretty: config.NODE_ENV === 'development' && config.LOG_PRETTY !== '0',
    service: config.OTEL_SERVICE_NAME || 'tika',
    environment: config.TIKA_ENV ?? config.NODE_ENV,
  };
}
const lenientLoggerEnv = z.object({
  NODE_ENV: envSchema.shape.NODE_ENV.catch('production'),
  LOG_LEVEL: envSchema.shape.LOG_LEVEL.catch(undefined),
  LOG_PRETTY: envSchema.shape.LOG_PRETTY.catch(undefined),
  OTEL_SERVICE_NAME: envSchema.shape.OTEL_SERVICE_NAME.catch('tika'),
  TIKA_ENV: envSchema.shape.TIKA_ENV.catch(undefined),
});

/** For tests that change process.env between cases. */
export function resetEnv(): void {
  delete (globalThis as Holder)[envKey];
}

/** Boot check: print the one message and exit non-zero. No stack trace, no values. */
export function assertEnvOrExit(): Env {
  try {
    return env();
  } catch (error) {
    if (error instanceof EnvError) {
      // Readable text under `next dev`; everywhere else one JSON line (start:local's terminal shows it pretty).
      process.stderr.write(process.env.NODE_ENV === 'development' ? `${error.message}\n` : envErrorLine(error));
      process.exit(1);
    }
    throw error;
  }
}
