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

function check(condition, message) {
  if (!condition) {
    console.error(`journey ${command}: FAILED: ${message}`);
    process.exit(1);
  }
}

async function call(method, path, { body, cookie, token, raw } = {}) {
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
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

const cookieOf = (response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

async function allTickets(boardId, auth) {
  const tickets = [];
  let cursor = null;
  do {
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
  const cookie = cookieOf(signUp);
  check(/secure/i.test(signUp.headers.getSetCookie().join(';')), 'session cookie is not Secure behind https');
  const me = await call('GET', '/api/v1/me', { cookie });
  check(
    me.status === 200 && me.body.workspaces?.[0]?.role === 'owner',
    `the first account owns its workspace: ${JSON.stringify(me.body).slice(0, 300)}`,
  );
  const board = await call('POST', '/api/v1/boards', {
    cookie,
    body: { name: 'Self-host board', columns: ['To do', 'Doing', 'Done'] },
  });
  check(
    board.status === 201 || board.status === 200,
    `create board → ${board.status} ${JSON.stringify(board.body).slice(0, 300)}`,
  );
  const n = Number(args.tickets);
  const titles = [];
  for (let i = 0; i < n; i++) {
    const title = `Self-host ticket ${i + 1}`;
    const ticket = await call('POST', '/api/v1/tickets', {
      cookie,
      body: {
        columnId: board.body.columns[i % 3].id,
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
  const token = await call('POST', '/api/v1/tokens', { cookie, body: { name: 'selfhost', role: 'member' } });
  check(token.status === 201 || token.status === 200, `create token → ${token.status}`);
  writeFileSync(
    args.state,
    JSON.stringify({
      email,
      password,
      workspaceId: me.body.workspaces[0].id,
      boardId: board.body.id,
      token: token.body.token,
      titles,
    }),
  );
  console.log(`journey create: signed up ${email}, board ${board.body.id}, ${n} tickets, API token`);
}

async function verify() {
  const state = JSON.parse(readFileSync(args.state, 'utf8'));
  const signIn = await call('POST', '/api/auth/sign-in/email', {
    body: { email: state.email, password: state.password },
  });
  check(signIn.status === 200, `sign-in → ${signIn.status} ${JSON.stringify(signIn.body).slice(0, 300)}`);
  const cookie = cookieOf(signIn);
  const board = await call('GET', `/api/v1/boards/${state.boardId}`, { cookie });
  check(board.status === 200, `board survives → ${board.status}`);
  const tickets = await allTickets(state.boardId, { cookie });
  const expected = Number(args.tickets ?? state.titles.length);
  check(tickets.length === expected, `expected ${expected} tickets on the board, found ${tickets.length}`);
  const titles = new Set(tickets.map((t) => t.title));
  for (const title of state.titles) check(titles.has(title), `ticket "${title}" is missing`);
  const viaToken = await call('GET', `/api/v1/tickets?boardId=${state.boardId}&limit=1`, { token: state.token });
  check(viaToken.status === 200, `API token still works → ${viaToken.status}`);
  const moved = await call('POST', `/api/v1/tickets/${tickets[0].id}/move`, {
    cookie,
    body: { version: tickets[0].version, columnId: board.body.columns.at(-1).id },
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
  const { token } = JSON.parse(readFileSync(args.state, 'utf8'));
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
      last = error.cause?.code ?? error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  check(false, `not ready after ${args.timeout}s: ${last}`);
}

const commands = { create, verify, edge, ready };
check(command in commands, `unknown command ${command}`);
await commands[command]();
