#!/usr/bin/env node
// Creates a demo workspace with a populated board, through the public API of a running Tika — so it works
// the same against the embedded database, a self-hosted stack or the hosted service.
//
//   npm run db:seed -- [--url http://localhost:3000] [--tickets 60] [--email demo@tika.local] [--password …] [--json]
//
// It is a client like any other, so the workspace's rate limit applies (300 requests a minute on the default plan):
// a 429 is waited out for as long as its Retry-After says, and every ticket carries an Idempotency-Key, so a
// retried request never makes a second ticket. All or nothing: when seeding cannot finish (the server goes away,
// a request keeps failing), the demo board is deleted again and the script exits non-zero.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.TIKA_URL ?? 'http://localhost:3000' },
    tickets: { type: 'string', default: '60' },
    email: { type: 'string', default: `demo+${Date.now()}@tika.local` },
    password: { type: 'string', default: 'demo-password-1234' },
    board: { type: 'string', default: 'Product launch' },
    json: { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '4' },
  },
});
const base = args.url.replace(/\/$/, '');
const total = Number(args.tickets);
const log = (/** @type {unknown[]} */ ...parts) => !args.json && console.log(...parts);

const MAX_WAITS = 20;
let waitingUntil = 0;

/**
 * @param {string} method
 * @param {string} path
 * @param {{ body?: unknown, cookie?: string, token?: string, workspace?: string, idempotencyKey?: string }} [options]
 */
async function call(method, path, { body, cookie, token, workspace, idempotencyKey } = {}) {
  /** @type {Record<string, string>} */
  const headers = { origin: base };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (cookie) headers.cookie = cookie;
  if (token) headers.authorization = `Bearer ${token}`;
  if (workspace) headers['x-tika-workspace'] = workspace;
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  for (let attempt = 0; ; attempt++) {
    // Another worker was told to wait: wait with it rather than spend requests on more 429s.
    if (waitingUntil > Date.now()) await sleep(waitingUntil - Date.now());
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if ((response.status === 429 || response.status === 503) && attempt < MAX_WAITS) {
      const seconds = Math.min(
        120,
        Math.max(1, Number(response.headers.get('retry-after')) || 2 ** Math.min(attempt, 5)),
      );
      if (waitingUntil <= Date.now())
        log(`  rate limited (${response.status}): waiting ${seconds} s as the server asks`);
      waitingUntil = Math.max(waitingUntil, Date.now() + seconds * 1000);
      continue;
    }
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
    return { body: text ? JSON.parse(text) : null, headers: response.headers };
  }
}

await call('POST', '/api/auth/sign-up/email', {
  body: { email: args.email, password: args.password, name: 'Demo Owner' },
});
// Sign-up opens no session (it answers a new and a registered address alike, issue #12): sign in with the password.
const signIn = await call('POST', '/api/auth/sign-in/email', { body: { email: args.email, password: args.password } });
const cookie = signIn.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');
const me = (await call('GET', '/api/v1/me', { cookie })).body;
const workspace = me.workspaces[0];
await call('PATCH', '/api/v1/workspace', { cookie, workspace: workspace.id, body: { name: 'Demo workspace' } });
const board = (
  await call('POST', '/api/v1/boards', {
    cookie,
    workspace: workspace.id,
    body: {
      name: args.board,
      description: 'A demo board created by `npm run db:seed`.',
      columns: ['Backlog', 'To do', 'In progress', 'Review', 'Done'],
    },
  })
).body;
const token = (
  await call('POST', '/api/v1/tokens', { cookie, workspace: workspace.id, body: { name: 'seed', role: 'member' } })
).body.token;

const priorities = ['none', 'low', 'medium', 'high', 'urgent'];
const labels = ['frontend', 'backend', 'ops', 'docs', 'bug', 'design'];
const verbs = ['Write', 'Fix', 'Review', 'Ship', 'Plan', 'Measure', 'Document', 'Refactor'];
const things = [
  'sign-in flow',
  'board filters',
  'audit export',
  'backup restore',
  'rate limits',
  'WIP limits',
  'release notes',
  'API tokens',
];
let created = 0;
let next = 0;
const started = performance.now();
const runId = randomUUID();
async function worker() {
  while (next < total) {
    const i = next++;
    const column = board.columns[i % board.columns.length];
    await call('POST', '/api/v1/tickets', {
      token,
      idempotencyKey: `seed-${runId}-${i}`,
      body: {
        columnId: column.id,
        title: `${verbs[i % verbs.length]} ${things[(i * 7) % things.length]} #${i + 1}`,
        description: `Ticket **${i + 1}** of the demo board.\n\n- [ ] first step\n- [ ] second step`,
        priority: priorities[i % priorities.length],
        labels: [labels[i % labels.length], labels[(i * 3 + 1) % labels.length]],
        dueDate: i % 4 === 0 ? new Date(Date.now() + (i % 30) * 86_400_000).toISOString().slice(0, 10) : null,
      },
    });
    created++;
    if (created % 250 === 0) log(`  ${created}/${total} tickets`);
  }
}
try {
  await Promise.all(Array.from({ length: Number(args.concurrency) }, worker));
} catch (error) {
  // Leave nothing half-seeded: the board goes, with the tickets made so far.
  next = total;
  await call('DELETE', `/api/v1/boards/${board.id}`, { cookie, workspace: workspace.id }).catch(() => undefined);
  console.error(
    `Seeding failed after ${created} tickets; the demo board was removed again. ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
const seconds = (performance.now() - started) / 1000;

const result = {
  url: base,
  email: args.email,
  password: args.password,
  workspaceId: workspace.id,
  boardId: board.id,
  token,
  tickets: created,
  seconds: Number(seconds.toFixed(2)),
};
if (args.json) console.log(JSON.stringify(result));
else {
  log(`Seeded ${created} tickets in ${seconds.toFixed(1)} s.`);
  log(`Sign in as ${args.email} / ${args.password}`);
  log(`Board: ${base}/api/v1/boards/${board.id}`);
  log(`API token (member): ${token}`);
}
