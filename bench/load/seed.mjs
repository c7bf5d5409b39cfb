/* global AbortSignal -- a Node global the shared bench globals list lacks */
// Seeds the load suite's tenants. Identities go through the public API (the same code paths production data
// goes through): per workspace an owner, one member who joined by invitation, two member-role API tokens, and one
// board of five columns. The tickets are then inserted in SQL, one statement per board, with fractional-index
// positions from the same library the app uses: 4,000 tickets through the API took over a minute on a shared
// 2-core machine, which would not fit a CI budget; the load itself creates tickets through the API (10% of it).
//
// Why this size: 5 columns (Backlog → Done) and 200 tickets is a busy team board; at the default page of 50 per
// column the board read returns 40 tickets per column at the start and 50 (capped, plus a cursor) once the
// creates of the run have filled a column — so a read stays the size a browser would fetch, while the table
// behind it grows as it would in production.
import { generateNKeysBetween } from 'fractional-indexing';
import pg from 'pg';

export const WORKSPACES = 20;
export const TICKETS_PER_BOARD = 200;
export const MEMBERS = 1; // besides the owner
export const COLUMNS = ['Backlog', 'To do', 'In progress', 'Review', 'Done'];
const PRIORITIES = ['none', 'low', 'medium', 'high', 'urgent'];
const LABELS = ['frontend', 'backend', 'ops', 'docs', 'bug', 'design'];

/** @typedef {{ id: string, version: number }} TicketRef a ticket and the version the client last saw */
/**
 * One seeded tenant, as the workload drives it (`tickets` and `created` change under load).
 * @typedef {{ index: number, workspaceId: string, tokens: string[], boardId: string, columnIds: string[],
 *   tickets: TicketRef[], created: number }} SeededWorkspace
 */
/** @typedef {{ body?: unknown, cookie?: string, token?: string, workspace?: string }} CallOptions */

/**
 * One API call; throws on any answer but 2xx. The body's type is the one the caller states, as read from the API
 * (the API under load is what is measured, not these shapes).
 * @template [T=unknown]
 * @param {string} base
 * @param {string} method
 * @param {string} path
 * @param {CallOptions} [options]
 * @returns {Promise<{ body: T, headers: Headers }>}
 */
async function call(base, method, path, { body, cookie, token, workspace } = {}) {
  /** @type {Record<string, string>} */
  const headers = { origin: base };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (cookie) headers.cookie = cookie;
  if (token) headers.authorization = `Bearer ${token}`;
  if (workspace) headers['x-tika-workspace'] = workspace;
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`seed: ${method} ${path} → ${res.status} ${text.slice(0, 300)}`);
  return { body: text ? JSON.parse(text) : null, headers: res.headers };
}

/**
 * @param {string} base
 * @param {string} label
 */
async function signUp(base, label) {
  const email = `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@load.test`;
  const password = 'load-test-password-1234';
  await call(base, 'POST', '/api/auth/sign-up/email', { body: { email, password, name: label } });
  // Sign-up opens no session (issue #12): sign in with the password, as the sign-up page does.
  const res = await call(base, 'POST', '/api/auth/sign-in/email', { body: { email, password } });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  /** @type {{ body: { id?: string, user?: { id: string }, workspaces: { id: string }[] } }} */
  const { body: me } = await call(base, 'GET', '/api/v1/me', { cookie });
  return { cookie, userId: me.id ?? me.user?.id, workspaceId: /** @type {{ id: string }} */ (me.workspaces[0]).id };
}

/**
 * Runs `work(i)` for i in [0, n) with at most `limit` at a time.
 * @param {number} n
 * @param {number} limit
 * @param {(i: number) => Promise<void>} work
 */
async function pool(n, limit, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, limit) }, async () => {
      while (next < n) await work(next++);
    }),
  );
}

/**
 * @param {number} n
 * @param {string | undefined} columnId
 */
export function ticketBody(n, columnId) {
  return {
    columnId,
    title: `Load ticket ${n}: ${['Fix', 'Ship', 'Review', 'Plan'][n % 4]} ${['sign-in', 'filters', 'export', 'backups'][(n * 7) % 4]}`,
    description: `Ticket **${n}** created by the load suite.\n\n- [ ] first step\n- [ ] second step`,
    priority: PRIORITIES[n % PRIORITIES.length],
    labels: [LABELS[n % LABELS.length], LABELS[(n * 3 + 1) % LABELS.length]],
  };
}

/**
 * @param {string} base
 * @param {number} i
 * @returns {Promise<SeededWorkspace>}
 */
async function seedWorkspace(base, i) {
  const owner = await signUp(base, `owner${i}`);
  const ws = owner.workspaceId;
  await call(base, 'PATCH', '/api/v1/workspace', {
    cookie: owner.cookie,
    workspace: ws,
    body: { name: `Load workspace ${i}` },
  });
  for (let m = 0; m < MEMBERS; m++) {
    /** @type {{ body: { token: string } }} */
    const { body: invitation } = await call(base, 'POST', '/api/v1/invitations', {
      cookie: owner.cookie,
      workspace: ws,
      body: { role: 'member' },
    });
    const member = await signUp(base, `member${i}-${m}`);
    await call(base, 'POST', '/api/v1/invitations/accept', {
      cookie: member.cookie,
      body: { token: invitation.token },
    });
  }
  /** @type {string[]} */
  const tokens = [];
  for (let t = 0; t < 2; t++) {
    /** @type {{ body: { token: string } }} */
    const created = await call(base, 'POST', '/api/v1/tokens', {
      cookie: owner.cookie,
      workspace: ws,
      body: { name: `load ${t}`, role: 'member' },
    });
    tokens.push(created.body.token);
  }
  /** @type {{ body: { id: string, columns: { id: string }[] } }} */
  const { body: board } = await call(base, 'POST', '/api/v1/boards', {
    cookie: owner.cookie,
    workspace: ws,
    body: { name: `Board ${i}`, columns: COLUMNS },
  });
  return {
    index: i,
    workspaceId: ws,
    tokens,
    boardId: board.id,
    columnIds: board.columns.map((c) => c.id),
    tickets: [],
    created: 0,
  };
}

/**
 * @param {string} base
 * @param {SeededWorkspace[]} workspaces
 */
async function seedTicketsThroughApi(base, workspaces) {
  const perColumn = TICKETS_PER_BOARD / COLUMNS.length;
  await pool(workspaces.length, 4, async (w) => {
    const ws = /** @type {SeededWorkspace} */ (workspaces[w]);
    for (let n = 0; n < TICKETS_PER_BOARD; n++) {
      const body = ticketBody(n, ws.columnIds[Math.floor(n / perColumn)]);
      /** @type {{ body: TicketRef }} */
      const { body: ticket } = await call(base, 'POST', '/api/v1/tickets', { token: ws.tokens[0], body });
      ws.tickets.push({ id: ticket.id, version: ticket.version });
    }
  });
}

/**
 * Seeds WORKSPACES tenants; resolves their state (tokens, board, columns, tickets with versions). With a database
 * server (`adminUrl`) the tickets go in with one bulk insert per board; the embedded database (PGlite lives inside
 * the server process: nothing else can connect to it) gets them through the API.
 * @param {string} base
 * @param {string | null | undefined} adminUrl
 * @param {(message: string) => void} say
 * @returns {Promise<SeededWorkspace[]>}
 */
export async function seed(base, adminUrl, say) {
  /** @type {SeededWorkspace[]} */
  const workspaces = new Array(WORKSPACES);
  await pool(WORKSPACES, 6, async (i) => {
    workspaces[i] = await seedWorkspace(base, i);
  });
  say(
    `seeded ${WORKSPACES} workspaces (owner + ${MEMBERS} member, 2 API tokens, a ${COLUMNS.length}-column board each); inserting ${WORKSPACES * TICKETS_PER_BOARD} tickets${adminUrl ? '' : ' through the API'}`,
  );
  if (!adminUrl) {
    await seedTicketsThroughApi(base, workspaces);
    return workspaces;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    for (const ws of workspaces) {
      /** @type {Record<'column' | 'title' | 'description' | 'priority' | 'labels' | 'position', (string | undefined)[]>} */
      const rows = { column: [], title: [], description: [], priority: [], labels: [], position: [] };
      const perColumn = TICKETS_PER_BOARD / COLUMNS.length;
      ws.columnIds.forEach((columnId, c) => {
        generateNKeysBetween(null, null, perColumn).forEach((position, k) => {
          const body = ticketBody(c * perColumn + k, columnId);
          rows.column.push(columnId);
          rows.title.push(body.title);
          rows.description.push(body.description);
          rows.priority.push(body.priority);
          rows.labels.push(`{${body.labels.join(',')}}`);
          rows.position.push(position);
        });
      });
      /** @type {import('pg').QueryResult<TicketRef>} */
      const { rows: inserted } = await admin.query(
        `insert into tickets (tenant_id, board_id, column_id, title, description, priority, labels, position)
         select $1, $2, c, t, d, p, l::text[], pos from unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) as u(c, t, d, p, l, pos)
         returning id, version`,
        [
          ws.workspaceId,
          ws.boardId,
          rows.column,
          rows.title,
          rows.description,
          rows.priority,
          rows.labels,
          rows.position,
        ],
      );
      ws.tickets.push(...inserted.map((r) => ({ id: r.id, version: r.version })));
    }
    // Production tables have planner statistics; freshly seeded ones may not yet (autovacuum runs on its own clock).
    await admin.query('analyze');
  } finally {
    await admin.end();
  }
  return workspaces;
}
