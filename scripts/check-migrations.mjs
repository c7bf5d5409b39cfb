#!/usr/bin/env node
// CI check of drizzle/ against the expand/contract rule (docs/migrations.md):
//   - every migration declares its kind (scripts/schema-window.mjs reads the header);
//   - an EXPAND migration contains no DDL that breaks the build before it: dropping or renaming a table, column,
//     view, function, type…, changing a column's type (only varchar(n) → varchar(m ≥ n) / text passes, read
//     from the drizzle snapshot), NOT NULL on a new column without a default, SET NOT NULL, DROP DEFAULT,
//     TRUNCATE, REVOKE. Statements inside DO blocks are parsed too; dynamic EXECUTE text is scanned for keywords.
// Statements are parsed with the real PostgreSQL parser (libpg-query), so names like "drop_at" or text in
// comments and strings never trip it. A statement that is safe despite the rule (e.g. dropping a helper no
// build ever called) may be preceded by a comment `-- tika-migration: allow <why>`.
//
//   node scripts/check-migrations.mjs [folder]   exit 0, or 1 with one line per problem and what to do
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readManifest } from './schema-window.mjs';

/**
 * libpg-query's tree as far as this check reads it. @pgsql/types' Node is a union of one-key wrappers
 * ({ DropStmt: … } | { String: … } | …) that cannot be asked for a wrapper it may lack; here a node is one object
 * whose wrappers are optional keys, with the fields read. Lists that hold one kind of node say so (an ALTER
 * TABLE's commands, a DO block's options, a column's constraints); ALTER TABLE always names its table.
 * @typedef {{
 *   DropStmt?: { removeType?: string },
 *   RenameStmt?: { renameType?: string },
 *   GrantStmt?: { is_grant?: boolean },
 *   TruncateStmt?: object,
 *   AlterTableStmt?: { relation: { relname: string }, cmds?: { AlterTableCmd: AlterTableCmd }[] },
 *   DoStmt?: { args?: { DefElem: { defname?: string, arg?: PgNode } }[] },
 *   ColumnDef?: PgColumnDef,
 *   String?: { sval?: string },
 *   A_Const?: { ival?: { ival?: number } },
 * }} PgNode
 * @typedef {{ subtype?: string, name?: string, def?: PgNode }} AlterTableCmd
 * @typedef {{ colname?: string, typeName?: PgTypeName, constraints?: { Constraint: { contype?: string } }[] }} PgColumnDef
 * @typedef {{ names?: PgNode[], typmods?: PgNode[] }} PgTypeName
 * @typedef {{ [K in keyof PgNode]-?: [K, NonNullable<PgNode[K]>] }[keyof PgNode]} PgNodeEntry  a node's one key and its fields
 * @typedef {{ stmt: PgNode, stmt_location?: number, stmt_len?: number }} PgRawStmt
 * @typedef {{
 *   loadModule: () => Promise<void>,
 *   parse: (sql: string) => Promise<{ stmts: PgRawStmt[] }>,
 *   parsePlPgSQL: (sql: string) => Promise<unknown>,
 * }} PgParser  libpg-query's functions used here, their trees read as the types above
 * @typedef {{ tables?: Record<string, { columns?: Record<string, { type?: string }> }> }} Snapshot  drizzle/meta's snapshot, as read
 */

/** @type {Map<string | undefined, string>} */
const DROPPED_KINDS = new Map([
  ['OBJECT_TABLE', 'table'],
  ['OBJECT_VIEW', 'view'],
  ['OBJECT_MATVIEW', 'materialized view'],
  ['OBJECT_FOREIGN_TABLE', 'foreign table'],
  ['OBJECT_FUNCTION', 'function'],
  ['OBJECT_PROCEDURE', 'procedure'],
  ['OBJECT_ROUTINE', 'routine'],
  ['OBJECT_TYPE', 'type'],
  ['OBJECT_DOMAIN', 'domain'],
  ['OBJECT_SCHEMA', 'schema'],
  ['OBJECT_SEQUENCE', 'sequence'],
]);
const DYNAMIC_DESTRUCTIVE =
  /\b(drop\s+(table|column|view|materialized\s+view|function|procedure|type|domain|schema|sequence)|rename\s+(column\s+)?\w*\s*to|alter\s+column\s+\S+\s+(set\s+data\s+)?type|set\s+not\s+null|drop\s+default|truncate|revoke)\b/i;

/** @type {PgParser | undefined} */
let parser;
async function loadParser() {
  if (!parser) {
    parser = /** @type {PgParser} */ (await import('libpg-query'));
    await parser.loadModule();
  }
  return parser;
}

/** @param {PgNode[] | undefined} list */
const names = (list) => (list ?? []).map((node) => node.String?.sval).filter(Boolean);
/** @param {PgTypeName | undefined} typeNode */
const typeName = (typeNode) => {
  const parts = names(typeNode?.names).filter((part) => part !== 'pg_catalog');
  const mods = (typeNode?.typmods ?? []).map((mod) => mod.A_Const?.ival?.ival).filter((v) => v !== undefined);
  return { name: parts.join('.'), mods };
};

/**
 * Old type from the drizzle snapshot before this migration: e.g. "varchar(50)", "text", or undefined.
 * @param {Snapshot | undefined} snapshot
 * @param {string} table
 * @param {string} column
 */
function snapshotType(snapshot, table, column) {
  const found = snapshot?.tables?.[`public.${table}`] ?? snapshot?.tables?.[table];
  return found?.columns?.[column]?.type;
}

/**
 * @param {string | undefined} oldType
 * @param {{ name: string, mods: number[] }} next
 */
function isWidening(oldType, next) {
  if (!oldType) return false;
  const old = /^(?:varchar|character varying)(?:\((\d+)\))?$/i.exec(oldType.trim());
  if (!old) return false;
  if (next.name === 'text') return true;
  if (next.name !== 'varchar') return false;
  if (next.mods.length === 0) return true;
  return old[1] !== undefined && /** @type {number} */ (next.mods[0]) >= Number(old[1]); // mods is not empty (above)
}

/**
 * Problems with one statement of an expand migration (empty when it is additive).
 * @param {PgNode} stmt
 * @param {Snapshot | undefined} snapshot
 */
function inspect(stmt, snapshot) {
  // A node's one key: the statement's name and its fields (a statement PgNode leaves out matches no case below).
  const [type, node] = /** @type {PgNodeEntry[]} */ (Object.entries(stmt))[0] ?? [];
  const problems = [];
  switch (type) {
    case 'DropStmt': {
      const what = DROPPED_KINDS.get(node.removeType);
      if (what) problems.push(`drops a ${what}`);
      break;
    }
    case 'RenameStmt':
      problems.push(`renames a ${String(node.renameType).replace('OBJECT_', '').toLowerCase().replaceAll('_', ' ')}`);
      break;
    case 'TruncateStmt':
      problems.push('truncates a table');
      break;
    case 'GrantStmt':
      if (!node.is_grant) problems.push('revokes a privilege older builds use');
      break;
    case 'AlterTableStmt': {
      const table = node.relation?.relname;
      for (const { AlterTableCmd: cmd } of node.cmds ?? []) {
        if (!cmd) continue;
        switch (cmd.subtype) {
          case 'AT_DropColumn':
            problems.push(`drops column ${table}.${cmd.name}`);
            break;
          case 'AT_AlterColumnType': {
            const next = typeName(cmd.def?.ColumnDef?.typeName);
            // ALTER COLUMN … TYPE always names its column.
            const old = snapshotType(snapshot, table, /** @type {string} */ (cmd.name));
            if (!isWidening(old, next))
              problems.push(
                `changes the type of ${table}.${cmd.name}${old ? ` from ${old}` : ''} to ${next.name}${next.mods.length ? `(${next.mods.join(',')})` : ''} (only varchar widening is additive)`,
              );
            break;
          }
          case 'AT_SetNotNull':
            problems.push(`sets ${table}.${cmd.name} NOT NULL (older builds may still write NULL)`);
            break;
          case 'AT_ColumnDefault':
            if (!cmd.def) problems.push(`drops the default of ${table}.${cmd.name} (older builds may rely on it)`);
            break;
          case 'AT_AddColumn': {
            // ADD COLUMN always carries its column's definition.
            const def = /** @type {PgColumnDef} */ (cmd.def?.ColumnDef);
            const constraints = (def?.constraints ?? []).map((c) => c.Constraint?.contype);
            const filled = ['CONSTR_DEFAULT', 'CONSTR_IDENTITY', 'CONSTR_GENERATED'].some((c) =>
              constraints.includes(c),
            );
            if (constraints.includes('CONSTR_NOTNULL') && !filled)
              problems.push(`adds ${table}.${def.colname} NOT NULL without a default (older builds' inserts fail)`);
            break;
          }
        }
      }
      break;
    }
  }
  return problems;
}

/**
 * Parses a DO block's PL/pgSQL and returns its embedded SQL texts and dynamic EXECUTE expressions.
 * @param {string} body
 */
async function doBlockStatements(body) {
  const { parsePlPgSQL } = await loadParser();
  const tree = await parsePlPgSQL(`CREATE FUNCTION tika_check() RETURNS void LANGUAGE plpgsql AS $tika$${body}$tika$`);
  /** @type {string[]} */
  const sqlTexts = [];
  /** @type {string[]} */
  const dynamic = [];
  /** @type {(value: unknown, inDynamic: boolean) => void} */
  const walk = (value, inDynamic) => {
    if (Array.isArray(value)) return value.forEach((item) => walk(item, inDynamic));
    if (!value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'PLpgSQL_stmt_dynexecute') walk(child, true);
      else if (key === 'query' && typeof child === 'string') (inDynamic ? dynamic : sqlTexts).push(child);
      else walk(child, inDynamic);
    }
  };
  walk(tree, false);
  return { sqlTexts, dynamic };
}

/**
 * Problems of one migration's SQL as an expand migration: [{ statement, problem }].
 * @param {string} sql
 * @param {Snapshot} [snapshot]
 */
export async function destructiveStatements(sql, snapshot) {
  const { parse } = await loadParser();
  const tree = await parse(sql);
  const found = [];
  // The parser's locations are byte offsets: slice the UTF-8 bytes, not the string (comments have em dashes).
  const bytes = Buffer.from(sql, 'utf8');
  /** @param {number} from @param {number} to */
  const slice = (from, to) => bytes.subarray(from, to).toString('utf8');
  let previousEnd = 0;
  for (const { stmt, stmt_location: location = 0, stmt_len: length } of tree.stmts) {
    const end = length ? location + length : bytes.length;
    // stmt_len stops before the semicolon: the gap starts with the previous statement's one.
    const whole = slice(previousEnd, end).replace(/^\s*;/, '');
    previousEnd = end;
    // The blank and comment lines before the statement's first line of code hold its allow comment, if any.
    const lines = whole.split('\n');
    const codeAt = lines.findIndex((line) => line.trim() !== '' && !line.trim().startsWith('--'));
    const comments = lines.slice(0, codeAt === -1 ? lines.length : codeAt).join('\n');
    if (/--\s*tika-migration:\s*allow\s+\S/i.test(comments)) continue;
    const statement = lines
      .slice(codeAt === -1 ? 0 : codeAt)
      .join(' ')
      .trim()
      .replace(/\s+/g, ' ')
      .slice(0, 120);
    for (const problem of inspect(stmt, snapshot)) found.push({ statement, problem });
    if (stmt.DoStmt) {
      const body = stmt.DoStmt.args?.find((arg) => arg.DefElem?.defname === 'as')?.DefElem.arg?.String?.sval ?? '';
      const { sqlTexts, dynamic } = await doBlockStatements(body);
      for (const inner of sqlTexts) {
        const parsed = await parse(inner).catch(() => null);
        for (const { stmt: innerStmt } of parsed?.stmts ?? [])
          for (const problem of inspect(innerStmt, snapshot))
            found.push({ statement, problem: `in its DO block, ${problem}` });
      }
      for (const text of dynamic)
        if (DYNAMIC_DESTRUCTIVE.test(text))
          found.push({
            statement,
            problem: `in its DO block, EXECUTEs dynamic SQL that looks destructive (${text.trim().slice(0, 80)})`,
          });
    }
  }
  return found;
}

/**
 * Every problem of a migrations folder, as lines that say what to do.
 * @param {string} folder
 */
export async function checkMigrations(folder) {
  let manifest;
  try {
    manifest = readManifest(folder);
  } catch (error) {
    // readManifest throws Errors: its own list of problems, or fs's and JSON.parse's.
    return /** @type {Error} */ (error).message
      .split('\n')
      .slice(1)
      .map((line) => line.replace(/^\s*-\s*/, ''));
  }
  const problems = [];
  for (const entry of manifest) {
    if (entry.kind !== 'expand') continue;
    const sql = readFileSync(path.join(folder, `${entry.tag}.sql`), 'utf8');
    const snapshotFile = path.join(folder, 'meta', `${String(entry.idx - 1).padStart(4, '0')}_snapshot.json`);
    const snapshot = existsSync(snapshotFile) ? JSON.parse(readFileSync(snapshotFile, 'utf8')) : undefined;
    let found;
    try {
      found = await destructiveStatements(sql, snapshot);
    } catch (error) {
      problems.push(`${entry.tag}.sql does not parse: ${/** @type {Error} */ (error).message}`); // libpg-query's SqlError
      continue;
    }
    for (const { statement, problem } of found)
      problems.push(
        `${entry.tag}.sql is declared expand but ${problem}: \`${statement}\`. Older replicas still run during a rolling upgrade — ` +
          'add the new thing in this expand migration, ship the code that stops using the old one, and remove it in a later ' +
          '"-- tika-migration: contract since=<tag>" migration (docs/migrations.md)',
      );
  }
  return problems;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const folder = path.resolve(
    process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'drizzle'),
  );
  const problems = await checkMigrations(folder);
  if (problems.length) {
    console.error(`check-migrations: ${problems.length} problem${problems.length > 1 ? 's' : ''}:`);
    for (const problem of problems) console.error(`  - ${problem}`);
    process.exit(1);
  }
  console.log(`check-migrations: ${folder}: every migration declares its kind; no expand migration is destructive`);
}
