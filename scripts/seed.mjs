#!/usr/bin/env node
// Creates a demo workspace with a populated board, through the public API of a running Tika — so it works
// the same against the embedded database, a self-hosted stack or the hosted service.
//
//   npm run db:seed -- [--url http://localhost:3000] [--tickets 60] [--email demo@tika.local] [--password …] [--json]
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
const log = (...parts) => !args.json && console.log(...parts);

async function call(method, path, { body, cookie, token, workspace } = {}) {
  const headers = { origin: base };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (cookie) headers.cookie = cookie;
  if (token) headers.authorization = `Bearer ${token}`;
  if (workspace) headers['x-tika-workspace'] = workspace;
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return { body: text ? JSON.parse(text) : null, headers: response.headers };
}

const signUp = await call('POST', '/api/auth/sign-up/email', {
  body: { email: args.email, password: args.password, name: 'Demo Owner' },
});
const cookie = signUp.headers
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
async function worker() {
  while (next < total) {
    const i = next++;
    const column = board.columns[i % board.columns.length];
    await call('POST', '/api/v1/tickets', {
      token,
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
await Promise.all(Array.from({ length: Number(args.concurrency) }, worker));
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
