import 'server-only';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { authDbIsSeparate, getAuthDb, getDb, getDbHandle, type Database } from './client';
import { migrationsFolder } from './migrations-folder';

// What `tika doctor` reads from the database, as the app's own sessions (the roles it really uses): privileges of
// the runtime role and of the auth library's role (DATABASE_AUTH_URL), row-level security, migrations, version,
// limits, TLS, the append-only audit log; the mail queue through the auth library's connection, whose it is.

type Row = Record<string, unknown>;
async function rowsOn(db: Database, query: ReturnType<typeof sql>): Promise<Row[]> {
  return ((await db.execute(query)) as unknown as { rows: Row[] }).rows;
}
async function rows(query: ReturnType<typeof sql>): Promise<Row[]> {
  return rowsOn(await getDb(), query);
}

export interface RoleFacts {
  name: string;
  superuser: boolean;
  bypassRls: boolean;
  ownedTables: string[];
  /** Privileged roles this role may become (SET ROLE) or inherits. */
  privilegedMemberships: string[];
  /** Member of tika_auth: may read password hashes and session tokens (docs/security.md). */
  authMember: boolean;
}

/** The session's own login role, as PostgreSQL sees it. */
async function roleFacts(db: Database): Promise<RoleFacts> {
  const [role] = await rowsOn(
    db,
    sql`
    select r.rolname::text as name, r.rolsuper as superuser, r.rolbypassrls as bypass,
      coalesce(array(select c.relname::text from pg_class c
                     where c.relowner = r.oid and c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
                     order by 1), '{}') as owned,
      coalesce(array(select m.rolname::text from pg_roles m
                     where m.oid <> r.oid and pg_has_role(r.oid, m.oid, 'MEMBER') and (m.rolsuper or m.rolbypassrls)
                     order by 1), '{}') as privileged,
      exists(select 1 from pg_roles a where a.rolname = 'tika_auth' and pg_has_role(r.oid, a.oid, 'MEMBER'))
        as auth_member
    from pg_roles r where r.rolname = current_user`,
  );
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
  return {
    name: String(role?.name ?? ''),
    superuser: Boolean(role?.superuser),
    bypassRls: Boolean(role?.bypass),
    ownedTables: list(role?.owned),
    privilegedMemberships: list(role?.privileged),
    authMember: Boolean(role?.auth_member),
  };
}

export interface DatabaseFacts {
  driver: string;
  latencyMs: number;
  versionNum: number;
  version: string;
  appliedMigrations: number;
  expectedMigrations: number;
  role: RoleFacts;
  /** The auth library's own login role (DATABASE_AUTH_URL), or null when it shares the runtime connection. */
  authRole: RoleFacts | null;
  /** Tenant tables (tenant_id column, and workspaces) with their RLS flags. */
  tenantTables: { table: string; enabled: boolean; forced: boolean }[];
  maxConnections: number;
  /** Whether this session's connection is TLS; null when the server cannot say (embedded). */
  ssl: boolean | null;
  auditTriggers: string[];
}

export function expectedMigrationCount(): number {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

export async function databaseFacts(): Promise<DatabaseFacts> {
  const started = performance.now();
  const handle = await getDbHandle();
  await rows(sql`select 1`);
  const latencyMs = Math.round(performance.now() - started);
  const [version] = await rows(
    sql`select current_setting('server_version_num')::int as num, current_setting('server_version') as text,
               current_setting('max_connections')::int as max_connections`,
  );
  const [applied] = await rows(
    sql`select case when to_regclass('drizzle.__drizzle_migrations') is null then 0
                    else (select count(*)::int from drizzle.__drizzle_migrations) end as n`,
  );
  const role = await roleFacts(await getDb());
  const authRole = authDbIsSeparate() ? await roleFacts(await getAuthDb()) : null;
  const tables = await rows(sql`
    select c.relname::text as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
      and (c.relname = 'workspaces' or exists (
        select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and a.attnum > 0 and not a.attisdropped))
    order by 1`);
  let ssl: boolean | null = null;
  if (handle.driver !== 'pglite') {
    const [row] = await rows(sql`select ssl from pg_stat_ssl where pid = pg_backend_pid()`).catch(() => []);
    ssl = row ? Boolean(row.ssl) : null;
  }
  const triggers = await rows(sql`
    select t.tgname::text as name from pg_trigger t
    where t.tgrelid = to_regclass('public.audit_logs') and not t.tgisinternal order by 1`);
  return {
    driver: handle.driver,
    latencyMs,
    versionNum: Number(version?.num ?? 0),
    version: String(version?.text ?? ''),
    appliedMigrations: Number(applied?.n ?? 0),
    expectedMigrations: expectedMigrationCount(),
    role,
    authRole,
    tenantTables: tables.map((t) => ({
      table: String(t.table),
      enabled: Boolean(t.enabled),
      forced: Boolean(t.forced),
    })),
    maxConnections: Number(version?.max_connections ?? 0),
    ssl,
    auditTriggers: triggers.map((t) => String(t.name)),
  };
}

export interface MailQueueFacts {
  /** Waiting to be sent whose first attempt is due for longer than 15 minutes. */
  overdue: number;
  oldestOverdueSeconds: number;
  failedLastDay: number;
  sentLastDay: number;
}

export async function mailQueueFacts(): Promise<MailQueueFacts> {
  const [row] = await rowsOn(
    await getAuthDb(),
    sql`
    select
      count(*) filter (where sent_at is null and failed_at is null and next_attempt_at < now() - interval '15 minutes')::int as overdue,
      coalesce(extract(epoch from now() - min(next_attempt_at) filter (where sent_at is null and failed_at is null))::int, 0) as oldest,
      count(*) filter (where failed_at > now() - interval '1 day')::int as failed,
      count(*) filter (where sent_at > now() - interval '1 day')::int as sent
    from mail_outbox`,
  );
  return {
    overdue: Number(row?.overdue ?? 0),
    oldestOverdueSeconds: Number(row?.oldest ?? 0),
    failedLastDay: Number(row?.failed ?? 0),
    sentLastDay: Number(row?.sent ?? 0),
  };
}
