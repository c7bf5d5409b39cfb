#!/usr/bin/env node
// Applies the migrations in ./drizzle as the OWNER role, then lets the runtime role act as tika_app (tenant
// data) and tika_jobs (the job queue), and the auth library's role as tika_auth (its tables).
// Plain JavaScript on purpose: it runs in the production image, where there is no TypeScript toolchain.
//
//   DATABASE_OWNER_URL  owner connection (migrations). Falls back to DATABASE_URL for single-role setups.
//   DATABASE_URL        runtime connection; its user is granted tika_app and checked to be unprivileged.
//   DATABASE_AUTH_URL   the auth library's connection; its user is granted tika_auth (and the runtime user loses
//                       it). Unset: the runtime user gets tika_auth too, with a warning (docs/security.md).
//   DATABASE_DRIVER     pglite (embedded; PGLITE_DATA_DIR) | pg | neon (migrations always use TCP via pg).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scriptLogger } from './lib/json-stdio.mjs';
import { evaluateWindow, grantWindowRead, readDatabaseState, readManifest, recordManifest } from './schema-window.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const migrationsFolder = process.env.MIGRATIONS_DIR ?? path.join(root, 'drizzle');
const driver =
  process.env.DATABASE_DRIVER ?? (process.env.DATABASE_URL || process.env.DATABASE_OWNER_URL ? 'pg' : 'pglite');

const log = scriptLogger('migrate');

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  log('error', message);
  process.exit(1);
}

async function migratePglite() {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const dataDir = process.env.PGLITE_DATA_DIR ?? path.join(process.cwd(), '.data', 'pglite');
  const client = await PGlite.create(dataDir);
  /** @param {string} text */
  const query = (text) => client.query(text);
  const start = await readDatabaseState(query);
  const before = evaluateWindow(manifest, start.applied, start.recorded);
  if (before.status === 'newer') fail(before.message);
  await recordManifest(query, manifest);
  await migrate(drizzle({ client }), { migrationsFolder });
  await grantWindowRead(query);
  const end = await readDatabaseState(query);
  const after = evaluateWindow(manifest, end.applied, end.recorded);
  await client.close();
  if (!after.ok) fail(after.message);
  log(
    'info',
    `${end.applied.length - start.applied.length} applied, embedded database at ${dataDir} is at migration ${manifest.length}${after.status === 'ahead' ? ` (${after.message})` : ''}`,
  );
}

// Someone's example, not a secret (the same list as deploy/postgres/initdb/10-tika-roles.sh and
// scripts/airgap/lib.sh). A database whose roles got one of these is open to anyone who read the example file.
const PLACEHOLDERS = new Set(['change-me', 'changeme', 'change_me', 'password', 'secret', 'postgres', 'tika']);

/** Refuses connection URLs whose password is a known placeholder, before connecting anywhere. */
function refusePlaceholders() {
  for (const name of ['DATABASE_OWNER_URL', 'DATABASE_URL', 'DATABASE_AUTH_URL']) {
    const url = process.env[name];
    if (!url) continue;
    let password;
    try {
      password = decodeURIComponent(new URL(url).password);
    } catch {
      continue; // not a URL: the connection attempt reports that
    }
    if (PLACEHOLDERS.has(password.toLowerCase()))
      fail(
        `${name}: the password is the placeholder "${password}", not a secret. Generate one (docs/self-host.md, "Secrets"); a database volume created with it must get new passwords (docs/self-host.md, "Rotate database passwords").`,
      );
  }
}

async function migrateServer() {
  refusePlaceholders();
  const ownerUrl = process.env.DATABASE_OWNER_URL || process.env.DATABASE_URL;
  if (!ownerUrl) fail('set DATABASE_OWNER_URL (the owner role) to migrate a PostgreSQL server');
  const pg = (await import('pg')).default;
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    // Replicas starting together must not run the same migration twice.
    await client.query(`select pg_advisory_lock(hashtext('tika:migrate'))`);
    /** @param {string} text */
    const query = (text) => client.query(text);
    // The compatibility window (docs/migrations.md), the same rule check-schema and readiness apply: a database
    // ahead of this build by migrations it tolerates (expand) is fine — nothing to apply, e.g. a rollback to the
    // previous release; one with a migration it does not tolerate is refused.
    const start = await readDatabaseState(query);
    const before = evaluateWindow(manifest, start.applied, start.recorded);
    if (before.status === 'newer') fail(before.message);
    await recordManifest(query, manifest);
    await migrate(drizzle({ client }), { migrationsFolder });
    await grantWindowRead(query);
    await grantRuntimeRoles(client, ownerUrl);
    const end = await readDatabaseState(query);
    const after = evaluateWindow(manifest, end.applied, end.recorded);
    if (!after.ok) fail(after.message);
    const appliedNow = end.applied.length - start.applied.length;
    log(
      'info',
      `${appliedNow} applied, database at migration ${manifest.length}${after.status === 'ahead' ? ` (${after.message})` : ''}`,
      { applied: appliedNow, at: manifest.length, window: after.status },
    );
  } finally {
    await client.query(`select pg_advisory_unlock(hashtext('tika:migrate'))`).catch(() => undefined);
    await client.end();
  }
}

/** @param {string} url */
const loginOf = (url) => decodeURIComponent(new URL(url).username);
/** @param {string} name */
const quoteIdent = (name) => `"${name.replaceAll('"', '""')}"`;

/**
 * A login role the app uses must be bound by row-level security: no superuser, no BYPASSRLS, owning nothing.
 * @param {import('pg').Client} client
 * @param {string} user
 * @param {string} what
 */
async function assertUnprivileged(client, user, what) {
  const { rows } = await client.query(
    `select rolsuper, rolbypassrls,
            exists (select 1 from pg_class c where c.relowner = r.oid and c.relnamespace = 'public'::regnamespace) as owns_tables
       from pg_roles r where rolname = $1`,
    [user],
  );
  if (rows.length === 0) fail(`${what} role "${user}" does not exist; create it (LOGIN, no superuser) first`);
  const role = rows[0];
  if (role.rolsuper || role.rolbypassrls || role.owns_tables) {
    fail(
      `${what} role "${user}" must be neither superuser, BYPASSRLS nor table owner — row-level security would not bind it`,
    );
  }
}

/**
 * @param {import('pg').Client} client
 * @param {string} user
 * @param {string} group
 * @returns {Promise<boolean>}
 */
const isMember = async (client, user, group) =>
  (await client.query(`select pg_has_role($1, $2, 'MEMBER') as member`, [user, group])).rows[0].member;

/**
 * The runtime role (DATABASE_URL) acts as tika_app and tika_jobs. The auth library's login role (DATABASE_AUTH_URL)
 * acts as tika_auth only: sessions and password hashes are out of reach of SQL run as the runtime role (issue #12).
 * Without DATABASE_AUTH_URL the runtime role also gets tika_auth, as before, with a warning.
 * @param {import('pg').Client} client
 * @param {string} ownerUrl
 */
async function grantRuntimeRoles(client, ownerUrl) {
  const runtimeUrl = process.env.DATABASE_URL;
  const authUrl = process.env.DATABASE_AUTH_URL;
  if (!runtimeUrl || runtimeUrl === ownerUrl) {
    log('warn', 'DATABASE_URL is not a separate runtime role; the app will still SET ROLE tika_app per request');
    return;
  }
  const runtimeUser = loginOf(runtimeUrl);
  await assertUnprivileged(client, runtimeUser, 'runtime');
  // tika_jobs: the job system's queue (docs/jobs.md); the processes that run jobs log in as the runtime role.
  await client.query(`grant tika_app, tika_jobs to ${quoteIdent(runtimeUser)}`);
  await setRuntimeTimeouts(client, runtimeUser);
  if (!authUrl) {
    await client.query(`grant tika_auth to ${quoteIdent(runtimeUser)}`);
    log(
      'warn',
      `DATABASE_AUTH_URL is not set, so the runtime role "${runtimeUser}" is also a member of tika_auth: ` +
        'SQL run as it can read password hashes and session tokens. Give the auth library its own login role ' +
        '(docs/security.md, "Database roles").',
    );
    return;
  }
  const authUser = loginOf(authUrl);
  if (authUser === runtimeUser) fail('DATABASE_AUTH_URL must log in as a role of its own, not the runtime role');
  await assertUnprivileged(client, authUser, 'auth');
  await client.query(`grant tika_auth to ${quoteIdent(authUser)}`);
  await setRuntimeTimeouts(client, authUser);
  // An install upgraded from the single-role setup: take tika_auth back from the runtime role, tika_app from the
  // auth role, and check nothing else still chains them.
  await client.query(`revoke tika_auth from ${quoteIdent(runtimeUser)}`);
  await client.query(`revoke tika_app from ${quoteIdent(authUser)}`);
  if (await isMember(client, runtimeUser, 'tika_auth'))
    fail(`the runtime role "${runtimeUser}" is still a member of tika_auth (through another role); revoke that grant`);
  if (await isMember(client, authUser, 'tika_app'))
    fail(`the auth role "${authUser}" is still a member of tika_app (through another role); revoke that grant`);
}

/**
 * Server-side limits for a login role the app runs as (drizzle/0012_runtime_timeouts.sql; docs/overload.md): a
 * fresh install grants the roles after the migration ran, so the migration could not see them yet.
 */
/**
 * @param {import('pg').Client} client
 * @param {string} user
 */
async function setRuntimeTimeouts(client, user) {
  const { rows } = await client.query(
    `select to_regprocedure('tika_set_runtime_timeouts(text)') is not null as present`,
  );
  if (!rows[0].present) return;
  await client.query('select tika_set_runtime_timeouts($1)', [user]).catch(async (/** @type {Error} */ error) => {
    // An owner without CREATEROLE (deploy/postgres/initdb/tika-roles.psql) cannot; the superuser set them there.
    if (await hasRuntimeTimeouts(client, user)) return;
    log(
      'warn',
      `could not ALTER ROLE "${user}" (${error.message}); set statement_timeout, lock_timeout and idle_in_transaction_session_timeout for it by hand (docs/overload.md)`,
    );
  });
}

/**
 * Whether the role already has its three limits as session defaults (whoever set them).
 * @param {import('pg').Client} client
 * @param {string} user
 */
async function hasRuntimeTimeouts(client, user) {
  const { rows } = await client.query(
    `select coalesce(array_agg(split_part(setting, '=', 1)), '{}') as names
       from pg_db_role_setting s join pg_roles r on r.oid = s.setrole, unnest(s.setconfig) setting
      where r.rolname = $1 and s.setdatabase = 0`,
    [user],
  );
  /** @type {string[]} */
  const names = rows[0].names;
  return ['statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout'].every((n) => names.includes(n));
}

/** @type {import('./schema-window.mjs').ManifestEntry[]} */
let manifest;
try {
  manifest = readManifest(migrationsFolder);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
await (driver === 'pglite' ? migratePglite() : migrateServer()).catch((error) => fail(error.message));
