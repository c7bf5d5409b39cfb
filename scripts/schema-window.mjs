// The compatibility window between a build and a database schema (docs/migrations.md). One rule, used by the
// migrate step, the startup schema check (scripts/check-schema.mjs), readiness (src/server/health.ts) and the
// embedded database: plain JavaScript with no dependency, because it runs in the production image too.
//
// Every migration in drizzle/ declares its kind on a header line:
//   -- tika-migration: expand                     adds only: older builds keep working on the new schema
//   -- tika-migration: contract since=<tag>       removes what builds before <tag> used; builds that ship <tag>
//                                                 (or anything later) do not need it any more
//   -- tika-migration: baseline                   the first migrations, written before the rule (0000–0005)
//
// A build runs on a database when
//   - every expand and baseline migration it ships is applied (its code uses what they add) — the OLDEST schema
//     it runs on; its own contract migrations may still be pending (they only remove what it no longer uses);
//   - every migration applied beyond what it ships is tolerated — an expand, or a contract whose `since` this
//     build ships. The first migration it does not tolerate is where its window ends (the NEWEST it tolerates).
// The migrate step records each migration's kind in drizzle.tika_schema_window, so an OLDER build that does not
// ship a migration can still tell an expand from a contract. An applied migration without a record is unknown
// and treated as one the build does not tolerate.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// The types are schema-window.d.mts's (which the TypeScript callers import), read here for the file's own check.
/**
 * @typedef {import('./schema-window.mjs').MigrationKind} MigrationKind
 * @typedef {import('./schema-window.mjs').ManifestEntry} ManifestEntry
 * @typedef {import('./schema-window.mjs').RecordedMigration} RecordedMigration
 * @typedef {(text: string) => Promise<{ rows: Record<string, unknown>[] }>} Query
 * @typedef {{ kind?: MigrationKind, since?: string, error?: string }} Header
 */

export const KINDS = ['expand', 'contract', 'baseline'];
/** Migrations written before the rule existed; `baseline` is accepted for these and no later one. */
export const BASELINE_COUNT = 6;
export const WINDOW_TABLE = 'drizzle.tika_schema_window';

const HEADER = /^\s*--\s*tika-migration:\s*(.*)$/im;

/**
 * The kind a migration's SQL declares: { kind, since? } or { error } saying exactly what to write.
 * @param {string} sql
 * @param {string} tag
 * @returns {Header}
 */
export function parseHeader(sql, tag) {
  const match = HEADER.exec(sql);
  const example = `"-- tika-migration: expand" (adds only) or "-- tika-migration: contract since=<tag of the migration whose build stopped using what this removes>"`;
  if (!match) return { error: `${tag}.sql declares no kind: add ${example} as its first line (docs/migrations.md)` };
  // The header's text after the colon: the regular expression's one group, always present when it matched.
  const [kind, ...rest] = /** @type {string} */ (match[1]).trim().split(/\s+/);
  // split gives at least one word (maybe ''): kind is a string.
  if (!KINDS.includes(/** @type {string} */ (kind)))
    return { error: `${tag}.sql: unknown kind "${kind}" in its tika-migration header; write ${example}` };
  const options = Object.fromEntries(rest.map((part) => part.split('=', 2)));
  if (kind === 'contract') {
    if (!options.since)
      return {
        error: `${tag}.sql is a contract migration without since=<tag>: name the migration from whose build on nothing uses what this one removes (docs/migrations.md)`,
      };
    return { kind, since: options.since };
  }
  // One of KINDS (checked above).
  return /** @type {Header} */ ({ kind });
}

/**
 * The migrations this build ships, in order: { idx, tag, when, kind, since?, sinceWhen? }. Throws one error
 * listing every problem (missing or wrong header, a `since` that names no earlier migration).
 * @param {string} folder
 * @returns {ManifestEntry[]}
 */
export function readManifest(folder) {
  /** @type {{ entries: { tag: string, when: number }[] }} */
  const journal = JSON.parse(readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8'));
  /** @type {string[]} */
  const problems = [];
  /** @type {ManifestEntry[]} */
  const entries = journal.entries.map((entry, idx) => {
    const file = path.join(folder, `${entry.tag}.sql`);
    let sql = '';
    try {
      sql = readFileSync(file, 'utf8');
    } catch {
      problems.push(`${entry.tag}.sql is in the journal but not in ${folder}`);
    }
    const header = parseHeader(sql, entry.tag);
    if (header.error) problems.push(header.error);
    if (header.kind === 'baseline' && idx >= BASELINE_COUNT)
      problems.push(
        `${entry.tag}.sql says baseline, which only the first ${BASELINE_COUNT} migrations may: declare expand or contract`,
      );
    return { idx, tag: entry.tag, when: entry.when, kind: header.kind ?? 'unknown', since: header.since };
  });
  for (const entry of entries) {
    if (entry.kind !== 'contract') continue;
    const target = entries.find((other) => other.tag === entry.since);
    if (!target || target.idx >= entry.idx)
      problems.push(
        `${entry.tag}.sql: since=${entry.since} must name an EARLIER migration of drizzle/meta/_journal.json (renumbered? use its new tag)`,
      );
    else entry.sinceWhen = target.when;
  }
  const files = safeReaddir(folder).filter((name) => name.endsWith('.sql'));
  for (const name of files)
    if (!entries.some((entry) => `${entry.tag}.sql` === name))
      problems.push(
        `${name} is not in drizzle/meta/_journal.json: generate migrations with drizzle-kit (--custom for hand-written SQL)`,
      );
  if (problems.length)
    throw new Error(`migrations in ${folder} break the expand/contract rule:\n  - ${problems.join('\n  - ')}`);
  return entries;
}

/** @param {string} folder */
function safeReaddir(folder) {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

/**
 * Where a database stands for this build.
 *   manifest  readManifest()
 *   applied   `created_at` of every row of drizzle.__drizzle_migrations (numbers or numeric strings)
 *   recorded  rows of the window table: { created_at, tag, kind, since_created_at } (empty when it does not exist)
 * Returns { status, ok, message, oldest, pending, ahead } where status is
 *   current   exactly this build's migrations (its own pending contracts aside)
 *   ahead     newer migrations that this build tolerates (expand, or contract since a migration it ships)
 *   pending   an expand/baseline migration of this build is not applied: run the migrate step first
 *   newer     a migration this build does not tolerate is applied: run a newer build (never serve)
 * @param {ManifestEntry[]} manifest
 * @param {(string | number)[]} applied
 * @param {RecordedMigration[]} [recorded]
 * @returns {import('./schema-window.mjs').WindowResult}
 */
export function evaluateWindow(manifest, applied, recorded = []) {
  const appliedSet = new Set(applied.map((value) => String(value)));
  const known = new Set(manifest.map((entry) => String(entry.when)));
  const byWhen = new Map(recorded.map((row) => [String(row.created_at), row]));
  const oldest = [...manifest].reverse().find((entry) => entry.kind !== 'contract');
  const pending = manifest.filter((entry) => entry.kind !== 'contract' && !appliedSet.has(String(entry.when)));
  const pendingContracts = manifest.filter((entry) => entry.kind === 'contract' && !appliedSet.has(String(entry.when)));
  const extras = [...appliedSet].filter((when) => !known.has(when)).sort((a, b) => Number(a) - Number(b));
  const ahead = [];
  for (const when of extras) {
    const row = byWhen.get(when);
    const name = row?.tag ?? `migration created_at=${when}`;
    const tolerated =
      row && (row.kind === 'expand' || (row.kind === 'contract' && known.has(String(row.since_created_at))));
    if (!tolerated) {
      const why = !row
        ? 'it was applied without a recorded kind'
        : row.kind === 'contract'
          ? 'it is a contract migration that removes what this build still uses'
          : `its kind is ${row.kind}`;
      return {
        status: 'newer',
        ok: false,
        oldest: oldest?.tag ?? null,
        pending: [],
        ahead: ahead.map((entry) => entry.tag),
        message:
          `the database schema is newer than this build: ${name} is applied and ${why}. ` +
          `This build (migrations up to ${manifest.at(-1)?.tag ?? 'none'}) tolerates later expand migrations only. ` +
          'Run the newer Tika build, or restore the backup taken before the upgrade.',
      };
    }
    ahead.push({ tag: row.tag, kind: row.kind });
  }
  if (pending.length) {
    const done = manifest.filter((entry) => appliedSet.has(String(entry.when))).length;
    return {
      status: 'pending',
      ok: false,
      oldest: oldest?.tag ?? null,
      pending: pending.map((entry) => entry.tag),
      ahead: ahead.map((entry) => entry.tag),
      message:
        `migrations pending: ${done}/${manifest.length} applied; this build needs ${pending.map((e) => e.tag).join(', ')}. ` +
        'Run the migrate step as the owner role first (`node scripts/migrate.mjs`; compose: the migrate service; Helm: the pre-upgrade hook).',
    };
  }
  const contractsNote = pendingContracts.length
    ? `; its contract migration${pendingContracts.length > 1 ? 's' : ''} ${pendingContracts.map((e) => e.tag).join(', ')} may still run`
    : '';
  if (ahead.length)
    return {
      status: 'ahead',
      ok: true,
      oldest: oldest?.tag ?? null,
      pending: [],
      ahead: ahead.map((entry) => entry.tag),
      message: `database schema is ahead of this build by ${ahead.length} migration${ahead.length > 1 ? 's' : ''} it tolerates (${ahead.map((e) => `${e.tag}: ${e.kind}`).join(', ')})${contractsNote}`,
    };
  return {
    status: 'current',
    ok: true,
    oldest: oldest?.tag ?? null,
    pending: [],
    ahead: [],
    message: `database schema matches this build (${manifest.length} migrations)${contractsNote}`,
  };
}

/**
 * Reads what evaluateWindow needs, through any `query(text) → Promise<{ rows }>` (pg.Client, PGlite, drizzle).
 * A database never migrated answers with no applied migration.
 * @param {Query} query
 * @returns {Promise<{ applied: string[], recorded: RecordedMigration[] }>}
 */
export async function readDatabaseState(query) {
  const { rows } = await query(
    `select to_regclass('drizzle.__drizzle_migrations') is not null as migrations,
            to_regclass('${WINDOW_TABLE}') is not null as recorded`,
  );
  const present = rows[0] ?? {};
  if (!present.migrations) return { applied: [], recorded: [] };
  // The rows as the two selects shape them (created_at read as text).
  const applied = (await query('select created_at::text as created_at from drizzle.__drizzle_migrations')).rows.map(
    (row) => /** @type {string} */ (row.created_at),
  );
  const recorded = present.recorded
    ? /** @type {{ rows: { created_at: string, tag: string, kind: string, since_created_at: string | null }[] }} */ (
        await query(
          `select created_at::text as created_at, tag, kind, since_created_at::text as since_created_at from ${WINDOW_TABLE}`,
        )
      ).rows
    : [];
  return { applied, recorded };
}

/**
 * Records every migration this build ships (applied or not) in the window table, so older builds can read the
 * kind of a migration they do not ship. Run by the owner before applying migrations; idempotent.
 * @param {Query} query
 * @param {ManifestEntry[]} manifest
 */
export async function recordManifest(query, manifest) {
  await query('create schema if not exists drizzle');
  await query(`create table if not exists ${WINDOW_TABLE} (
    created_at bigint primary key,
    tag text not null,
    kind text not null check (kind in ('expand', 'contract', 'baseline')),
    since_created_at bigint
  )`);
  for (const entry of manifest) {
    await query(
      `insert into ${WINDOW_TABLE} (created_at, tag, kind, since_created_at) values (${Number(entry.when)}, '${entry.tag.replaceAll("'", "''")}', '${entry.kind}', ${entry.sinceWhen === undefined ? 'null' : Number(entry.sinceWhen)})
       on conflict (created_at) do update set tag = excluded.tag, kind = excluded.kind, since_created_at = excluded.since_created_at`,
    );
  }
}

/**
 * After the migrations (roles exist then): the runtime role reads the window for readiness and check-schema.
 * @param {Query} query
 */
export async function grantWindowRead(query) {
  await query(`grant usage on schema drizzle to tika_app`);
  await query(`grant select on ${WINDOW_TABLE} to tika_app`);
}

/**
 * A one-line description of this build's window, for logs and readiness.
 * @param {ManifestEntry[]} manifest
 */
export function describeWindow(manifest) {
  const oldest = [...manifest].reverse().find((entry) => entry.kind !== 'contract');
  return {
    newestShipped: manifest.at(-1)?.tag ?? null,
    oldest: oldest?.tag ?? null,
    tolerates: 'later expand migrations, and contract migrations whose since= this build ships',
  };
}
