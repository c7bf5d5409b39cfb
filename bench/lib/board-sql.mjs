// The SQL of one board read (GET /api/v1/boards/{id}), as the app sends it, for the raw-driver baseline.
//
// The RLS texts are what drizzle-orm generates for src/modules/boards/repository.ts (findBoard, listColumns,
// countTicketsByColumn) and src/modules/tickets/repository.ts (firstTicketsPerColumn: one LATERAL range per column), from drizzle's
// query logger. Keep them in step with the repositories when those change. The app runs them, in this order,
// inside ONE transaction opened by withTenant (src/server/db/tenant.ts), after an autocommit token lookup
// (src/server/auth/principal.ts → lookup.api_token).
//
// The "bare" texts are the same statements for a role that bypasses RLS: the tenant predicate the policy would
// add (`tenant_id = current_setting('app.tenant_id')`) is written out as an explicit `tenant_id = $1`.

/** @typedef {{ boardId: string, tenantId: string, perColumn: number, tokenHash?: string }} BoardReadArgs */
/** @typedef {{ name: string, text: string, values: (args: BoardReadArgs) => unknown[] }} Statement */

export const SET_TENANT = `select set_config('role', 'tika_app', true), set_config('app.tenant_id', $1, true)`;
export const TOKEN_LOOKUP = `select * from lookup.api_token($1)`;

const boardCols = `"tenant_id", "id", "name", "description", "archived_at", "created_at", "updated_at"`;
const columnCols = `"tenant_id", "id", "board_id", "name", "position", "wip_limit", "created_at", "updated_at"`;
// The board view ships card summaries only (no description), one LATERAL index range per column.
const cardCols = [
  'id',
  'board_id',
  'column_id',
  'title',
  'priority',
  'assignee_id',
  'labels',
  'due_date',
  'position',
  'version',
  'archived_at',
  'updated_at',
]
  .map((c) => `"tickets"."${c}"`)
  .join(', ');
const columnColsQualified = columnCols
  .split(', ')
  .map((c) => `"columns".${c}`)
  .join(', ');
const cardsLateral = (/** @type {string} */ tenantPredicate) =>
  `select ${columnColsQualified}, "cards".* from "columns" inner join lateral (select ${cardCols} from "tickets" ` +
  `where (${tenantPredicate}"tickets"."column_id" = "columns"."id" and "tickets"."archived_at" is null) ` +
  `order by "tickets"."position" asc, "tickets"."id" asc limit $1) "cards" on true where `;

/** Statements under RLS: exactly drizzle's text and parameters. @type {Statement[]} */
export const rlsStatements = [
  {
    name: 'board',
    text: `select ${boardCols} from "boards" where "boards"."id" = $1`,
    values: ({ boardId }) => [boardId],
  },
  {
    name: 'columns',
    text: `select ${columnCols} from "columns" where "columns"."board_id" = $1 order by "columns"."position" asc, "columns"."id" asc`,
    values: ({ boardId }) => [boardId],
  },
  {
    name: 'counts',
    text: `select "column_id", count(*) from "tickets" where ("tickets"."board_id" = $1 and "tickets"."archived_at" is null) group by "tickets"."column_id"`,
    values: ({ boardId }) => [boardId],
  },
  {
    name: 'tickets',
    text: `${cardsLateral('')}"columns"."board_id" = $2`,
    values: ({ boardId, perColumn }) => [perColumn + 1, boardId],
  },
];

/** The same statements with the tenant predicate explicit, for a connection that bypasses RLS. @type {Statement[]} */
export const bareStatements = [
  {
    name: 'board',
    text: `select ${boardCols} from "boards" where "boards"."tenant_id" = $1 and "boards"."id" = $2`,
    values: ({ tenantId, boardId }) => [tenantId, boardId],
  },
  {
    name: 'columns',
    text: `select ${columnCols} from "columns" where "columns"."tenant_id" = $1 and "columns"."board_id" = $2 order by "columns"."position" asc, "columns"."id" asc`,
    values: ({ tenantId, boardId }) => [tenantId, boardId],
  },
  {
    name: 'counts',
    text: `select "column_id", count(*) from "tickets" where ("tickets"."tenant_id" = $1 and "tickets"."board_id" = $2 and "tickets"."archived_at" is null) group by "tickets"."column_id"`,
    values: ({ tenantId, boardId }) => [tenantId, boardId],
  },
  {
    name: 'tickets',
    text: `${cardsLateral('"tickets"."tenant_id" = $3 and ')}"columns"."tenant_id" = $3 and "columns"."board_id" = $2`,
    values: ({ tenantId, boardId, perColumn }) => [perColumn + 1, boardId, tenantId],
  },
];

const now = () => performance.now();

/**
 * One board read on a pool, as a transaction.
 *   mode 'bare': BEGIN; 4 statements with explicit tenant predicates; COMMIT (superuser / BYPASSRLS connection)
 *   mode 'rls':  BEGIN; set_config(role, tenant); the 4 drizzle statements; COMMIT (runtime-role connection)
 *   mode 'app':  what the server sends per request: the autocommit token lookup (its own pool checkout), then 'rls'
 * Selects use rowMode 'array' like drizzle's node-postgres session. `steps`, when given, accumulates ms per step.
 * Returns the number of rows of each statement (for a one-off equivalence check).
 * @param {import('pg').Pool} pool
 * @param {'bare' | 'rls' | 'app'} mode
 * @param {BoardReadArgs} args
 * @param {Record<string, number>} [steps]
 * @returns {Promise<Record<string, number>>}
 */
export async function boardReadTx(pool, mode, args, steps) {
  let t = now();
  /** @param {string} name */
  const mark = (name) => {
    if (!steps) return;
    const n = now();
    steps[name] = (steps[name] ?? 0) + (n - t);
    t = n;
  };
  if (mode === 'app') {
    const found = await pool.query(TOKEN_LOOKUP, [args.tokenHash]);
    if (found.rows.length !== 1) throw new Error('token lookup found no token');
    mark('token lookup (autocommit)');
  }
  const client = await pool.connect();
  mark('pool checkout');
  /** @type {Record<string, number>} */
  const counts = {};
  try {
    await client.query('begin');
    mark('begin');
    if (mode !== 'bare') {
      await client.query(SET_TENANT, [args.tenantId]);
      mark('set_config');
    }
    for (const statement of mode === 'bare' ? bareStatements : rlsStatements) {
      const result = await client.query({ text: statement.text, values: statement.values(args), rowMode: 'array' });
      counts[statement.name] = result.rows.length;
      mark(statement.name);
    }
    await client.query('commit');
    mark('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  return counts;
}
