#!/usr/bin/env node
// The API journey of the self-host proof suite, through Caddy over HTTPS (the certificate is checked against
// Caddy's internal root CA, handed in with NODE_EXTRA_CA_CERTS by run.sh). Fails with a message on any deviation.
//
//   journey.mjs create  --base URL --state FILE [--tickets N]   sign up, board, tickets, API token → FILE
//   journey.mjs verify  --base URL --state FILE [--tickets N]   sign in again, same board and tickets; token works
//   journey.mjs edge    --base URL --state FILE                 security headers, body limit, http→https
//   journey.mjs ready   --base URL [--timeout S]                wait for /api/health/ready through Caddy
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const [command] = process.argv.slice(2);
const { values: args } = parseArgs({
  args: process.argv.slice(3),
  options: {
    base: { type: 'string' },
    state: { type: 'string' },
    tickets: { type: 'string', default: '25' },
    timeout: { type: 'string', default: '180' },
    'http-base': { type: 'string' },
  },
});
const base = (args.base ?? '').replace(/\/$/, '');
if (!base) throw new Error('--base is required');

// The API's answers, as far as the journey reads them (the API under test is what is checked, not these shapes).
/** @typedef {{ id: string, title: string, version: number }} Ticket */
/** @typedef {{ id: string, columns: { id: string }[] }} Board */
/** @typedef {{ workspaces?: { id: string, role: string }[] }} Me */
/** @typedef {{ data: Ticket[], nextCursor: string | null }} TicketPage */
/** @typedef {{ token: string }} CreatedToken */
/** @typedef {{ email: string, password: string, workspaceId: string, boardId: string, token: string, titles: string[] }} State */
/**
 * @template [T=unknown]
 * @typedef {{ status: number, body: T, headers: Headers }} Reply
 */
/** @typedef {{ body?: unknown, cookie?: string, token?: string, raw?: string }} CallOptions */

/**
 * @param {unknown} condition
 * @param {string} message
 * @returns {asserts condition}
 */
function check(condition, message) {
  if (!condition) {
    console.error(`journey ${command}: FAILED: ${message}`);
    process.exit(1);
  }
}

/**
 * One request through Caddy; the body parsed as JSON when it is JSON (else the text, or null when empty).
 * The body's type is the one the caller states (`@type {Reply<Board>}`); unstated, it is unknown.
 * @template [T=unknown]
 * @param {string} method
 * @param {string} path
 * @param {CallOptions} [options]
 * @returns {Promise<Reply<T>>}
 */
async function call(method, path, { body, cookie, token, raw } = {}) {
  /** @type {Record<string, string>} */
  const headers = { origin: base };
  if (body !== undefined || raw !== undefined) headers['content-type'] = 'application/json';
  if (cookie) headers.cookie = cookie;
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    redirect: 'manual',
  });
  const text = await response.text();
  /** @type {unknown} */
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: response.status, body: /** @type {T} */ (parsed), headers: response.headers };
}

/** @param {Reply} response */
const cookieOf = (response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

/**
 * @param {string} boardId
 * @param {CallOptions} auth
 */
async function allTickets(boardId, auth) {
  /** @type {Ticket[]} */
  const tickets = [];
  /** @type {string | null} */
  let cursor = null;
  do {
    /** @type {Reply<TicketPage>} */
    const page = await call(
      'GET',
      `/api/v1/tickets?boardId=${boardId}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      auth,
    );
    check(page.status === 200, `list tickets → ${page.status} ${JSON.stringify(page.body).slice(0, 300)}`);
    tickets.push(...page.body.data);
    cursor = page.body.nextCursor;
  } while (cursor);
  return tickets;
}

async function create() {
  const email = `owner-${Date.now()}@selfhost.test`;
  const password = 'a long self-host password';
  const signUp = await call('POST', '/api/auth/sign-up/email', { body: { email, password, name: 'Self Host' } });
  check(signUp.status === 200, `sign-up → ${signUp.status} ${JSON.stringify(signUp.body).slice(0, 300)}`);
  // Sign-up opens no session (it answers a new and a registered address alike, issue #12): sign in, as the page does.
  const signedIn = await call('POST', '/api/auth/sign-in/email', { body: { email, password } });
  check(signedIn.status === 200, `sign-in → ${signedIn.status} ${JSON.stringify(signedIn.body).slice(0, 300)}`);
  const cookie = cookieOf(signedIn);
  check(/secure/i.test(signedIn.headers.getSetCookie().join(';')), 'session cookie is not Secure behind https');
  /** @type {Reply<Me>} */
  const me = await call('GET', '/api/v1/me', { cookie });
  check(
    me.status === 200 && me.body.workspaces?.[0]?.role === 'owner',
    `the first account owns its workspace: ${JSON.stringify(me.body).slice(0, 300)}`,
  );
  /** @type {Reply<Board>} */
  const board = await call('POST', '/api/v1/boards', {
    cookie,
    body: { name: 'Self-host board', columns: ['To do', 'Doing', 'Done'] },
  });
  check(
    board.status === 201 || board.status === 200,
    `create board → ${board.status} ${JSON.stringify(board.body).slice(0, 300)}`,
  );
  const n = Number(args.tickets);
  /** @type {string[]} */
  const titles = [];
  const { columns } = board.body;
  check(columns.length === 3, `the board has its three columns: ${JSON.stringify(columns).slice(0, 300)}`);
  for (let i = 0; i < n; i++) {
    const title = `Self-host ticket ${i + 1}`;
    const column = /** @type {{ id: string }} */ (columns[i % 3]);
    const ticket = await call('POST', '/api/v1/tickets', {
      cookie,
      body: {
        columnId: column.id,
        title,
        priority: ['low', 'medium', 'high'][i % 3],
        labels: ['selfhost'],
      },
    });
    check(
      ticket.status === 201 || ticket.status === 200,
      `create ticket → ${ticket.status} ${JSON.stringify(ticket.body).slice(0, 300)}`,
    );
    titles.push(title);
  }
  /** @type {Reply<CreatedToken>} */
  const token = await call('POST', '/api/v1/tokens', { cookie, body: { name: 'selfhost', role: 'member' } });
  check(token.status === 201 || token.status === 200, `create token → ${token.status}`);
  const workspace = me.body.workspaces?.[0];
  check(workspace, 'the account has a workspace');
  /** @type {State} */
  const state = { email, password, workspaceId: workspace.id, boardId: board.body.id, token: token.body.token, titles };
  writeFileSync(stateFile(), JSON.stringify(state));
  console.log(`journey create: signed up ${email}, board ${board.body.id}, ${n} tickets, API token`);
}

/** @returns {string} */
function stateFile() {
  check(args.state, '--state FILE is required');
  return args.state;
}

/** @returns {State} */
function readState() {
  return JSON.parse(readFileSync(stateFile(), 'utf8'));
}

async function verify() {
  const state = readState();
  const signIn = await call('POST', '/api/auth/sign-in/email', {
    body: { email: state.email, password: state.password },
  });
  check(signIn.status === 200, `sign-in → ${signIn.status} ${JSON.stringify(signIn.body).slice(0, 300)}`);
  const cookie = cookieOf(signIn);
  /** @type {Reply<Board>} */
  const board = await call('GET', `/api/v1/boards/${state.boardId}`, { cookie });
  check(board.status === 200, `board survives → ${board.status}`);
  const tickets = await allTickets(state.boardId, { cookie });
  const expected = Number(args.tickets ?? state.titles.length);
  check(tickets.length === expected, `expected ${expected} tickets on the board, found ${tickets.length}`);
  const titles = new Set(tickets.map((t) => t.title));
  for (const title of state.titles) check(titles.has(title), `ticket "${title}" is missing`);
  const viaToken = await call('GET', `/api/v1/tickets?boardId=${state.boardId}&limit=1`, { token: state.token });
  check(viaToken.status === 200, `API token still works → ${viaToken.status}`);
  const [first] = tickets;
  const last = board.body.columns.at(-1);
  check(first && last, 'the board has tickets and columns');
  const moved = await call('POST', `/api/v1/tickets/${first.id}/move`, {
    cookie,
    body: { version: first.version, columnId: last.id },
  });
  check(
    moved.status === 200,
    `a ticket can still be moved → ${moved.status} ${JSON.stringify(moved.body).slice(0, 300)}`,
  );
  console.log(`journey verify: signed in as ${state.email}; ${tickets.length} tickets; token works; move works`);
}

async function edge() {
  const page = await call('GET', '/api-reference');
  check(page.status === 200, `GET /api-reference → ${page.status}`);
  const h = page.headers;
  check(/max-age=\d+/.test(h.get('strict-transport-security') ?? ''), 'HSTS header');
  check(h.get('x-content-type-options') === 'nosniff', 'X-Content-Type-Options');
  check(h.get('x-frame-options') === 'DENY', 'X-Frame-Options');
  check(Boolean(h.get('referrer-policy')), 'Referrer-Policy');
  const csp = h.get('content-security-policy') ?? '';
  check(csp.includes("frame-ancestors 'none'") && csp.includes("default-src 'self'"), `CSP: ${csp}`);
  check(!/https?:\/\//.test(csp), 'the CSP names no external host');
  check(!h.get('server') && !h.get('x-powered-by'), 'no Server / X-Powered-By');
  // Authenticated, so the app reads the body and Caddy's limit is what stops it (an anonymous request is
  // answered 401 before its body is read).
  const { token } = readState();
  const big = await call('POST', '/api/v1/tickets', { token, raw: 'x'.repeat(11 * 1024 * 1024) });
  check(big.status === 413, `an 11 MB body is refused with 413, got ${big.status}`);
  if (args['http-base']) {
    // The redirect names the HTTPS port users reach (HTTPS_PORT), not 443 inside the container.
    const plain = await fetch(`${args['http-base']}/boards?x=1`, { redirect: 'manual' });
    const location = plain.headers.get('location') ?? '';
    check(
      plain.status >= 300 && plain.status < 400 && location === `${base}/boards?x=1`,
      `http redirects to ${base}/boards?x=1, got ${plain.status} ${location}`,
    );
  }
  console.log('journey edge: security headers, CSP without external hosts, 413 over the body limit, https redirect');
}

async function ready() {
  const deadline = Date.now() + Number(args.timeout) * 1000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const r = await call('GET', '/api/health/ready');
      if (r.status === 200) return console.log('journey ready: /api/health/ready is 200 through Caddy');
      last = `${r.status} ${JSON.stringify(r.body)}`;
    } catch (error) {
      // fetch's TypeError carries the socket's error (ECONNREFUSED, …) as its cause
      const cause = error instanceof Error ? /** @type {{ code?: string } | undefined} */ (error.cause) : undefined;
      last = cause?.code ?? (error instanceof Error ? error.message : String(error));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  check(false, `not ready after ${args.timeout}s: ${last}`);
}

/** @type {Record<string, () => Promise<void>>} */
const commands = { create, verify, edge, ready };
const run = command !== undefined && Object.hasOwn(commands, command) ? commands[command] : undefined;
check(run, `unknown command ${command}`);
await run();
