import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, send, signUp, stack, type Account } from '../support/security-client';
import { securityCounts } from '../support/security-results';

// SQL injection: every text field and every text filter gets classic injection strings. Each must come back
// byte-for-byte as text — in the API response, in a fresh read, and in the database row itself — filters must
// match them literally, and no other row may change (a bystander workspace is fingerprinted before and after).
// SECURITY_SCALE=full adds more strings; the short set already has one of each technique.

const FULL = process.env.SECURITY_SCALE === 'full';
const { check, add } = securityCounts('sql-injection');

const CORE = [
  "'; DROP TABLE tickets; --",
  "' OR '1'='1",
  '" OR ""="',
  "1; UPDATE tickets SET title = 'pwned' WHERE true; --",
  "' UNION SELECT id, email, name FROM users --",
  '$$; DELETE FROM boards; $$',
  "\\'; TRUNCATE audit_logs; --",
  "%' OR 1=1 --",
  "') OR ('x'='x",
  "'; SELECT pg_sleep(3); --",
  'O\'Reilly "quoted" \\backslash\\ /* comment */ -- end',
  'x’ OR 1=1 -- ʼ unicode quotes',
];
const EXTRA = [
  "admin'--",
  "1' AND (SELECT COUNT(*) FROM sessions) > 0 --",
  "'||(SELECT current_setting('app.tenant_id'))||'",
  "'; COPY users TO '/tmp/x'; --",
  '%_%',
  "E'\\x27' OR true",
  "'; SET ROLE tika_owner; --",
  "'::text; ALTER TABLE users DISABLE ROW LEVEL SECURITY; --",
];
const PAYLOADS = FULL ? [...CORE, ...EXTRA] : CORE;
// Labels: at most 32 characters and no commas.
const LABELS = PAYLOADS.filter((p) => p.length <= 32 && !p.includes(','));
// Valid addresses that still carry SQL metacharacters.
const EMAILS = ["o'reilly'--@example.test", "x'or'1'-'1@example.test", "admin'--@example.test"];

let db: pg.Client;
let owner: Account;
let bystander: Account;

async function fingerprint(tenantId: string): Promise<string> {
  const tables = ['boards', 'columns', 'tickets', 'comments', 'memberships', 'invitations', 'api_tokens', 'audit_logs'];
  const parts = [];
  for (const table of tables)
    parts.push(
      (
        await db.query(
          `select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h, count(*) as n from ${table} t where tenant_id = $1`,
          [tenantId],
        )
      ).rows[0],
    );
  const workspace = (await db.query(`select md5(w::text) as h from workspaces w where id = $1`, [tenantId])).rows[0];
  return JSON.stringify({ parts, workspace });
}

async function dbValue(sql: string, id: string): Promise<unknown> {
  return (await db.query(sql, [id])).rows[0]?.v;
}

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack().adminDbUrl });
  await db.connect();
  [owner, bystander] = await Promise.all([signUp({ name: 'SQL Owner' }), signUp({ name: 'Bystander' })]);
  const other = api(bystander);
  const board = await other('POST', '/boards', { name: 'Untouched', columns: ['A'] });
  const ticket = await other('POST', '/tickets', {
    columnId: board.body.columns[0].id,
    title: 'bystander ticket',
    description: 'pwned? no',
    labels: ['keep'],
  });
  await other('POST', `/tickets/${ticket.body.id}/comments`, { body: 'bystander comment' });
});
afterAll(async () => {
  await db?.end();
});

describe('SQL injection strings are stored and returned as text', () => {
  it('in every text field, byte-for-byte through the API and in the database, changing no other row', async () => {
    const before = await fingerprint(bystander.workspaceId);
    const usersBefore = Number((await db.query('select count(*) from users')).rows[0].count);
    const call = api(owner);
    const created = async (method: string, path: string, body: unknown) => {
      const reply = await call(method, path, body);
      expect(reply.status, `${method} ${path}: ${reply.text.slice(0, 300)}`).toBeLessThan(300);
      return reply.body;
    };
    const same = (label: string, actual: unknown, expected: unknown) => {
      expect(actual, label).toEqual(expected);
      add('sqlFields');
      check();
    };

    for (const payload of PAYLOADS) {
      add('sqlPayloads');
      const board = await created('POST', '/boards', {
        name: payload,
        description: payload,
        columns: [payload.slice(0, 80)],
      });
      same('board name (response)', board.name, payload);
      same('board description (response)', board.description, payload);
      same('column name (response)', board.columns[0].name, payload.slice(0, 80));
      same('board name (db)', await dbValue('select name as v from boards where id = $1', board.id), payload);
      same(
        'board description (db)',
        await dbValue('select description as v from boards where id = $1', board.id),
        payload,
      );
      same(
        'column name (db)',
        await dbValue('select name as v from columns where id = $1', board.columns[0].id),
        payload.slice(0, 80),
      );
      const renamed = await created('PATCH', `/boards/${board.id}`, { name: `${payload} (2)` });
      same('board rename', renamed.name, `${payload} (2)`);
      const column = await created('POST', `/boards/${board.id}/columns`, { name: payload.slice(0, 80) });
      same(
        'added column (db)',
        await dbValue('select name as v from columns where id = $1', column.id),
        payload.slice(0, 80),
      );
      const columnRenamed = await created('PATCH', `/columns/${column.id}`, { name: `${payload.slice(0, 70)}!` });
      same(
        'column rename (db)',
        await dbValue('select name as v from columns where id = $1', columnRenamed.id),
        `${payload.slice(0, 70)}!`,
      );

      const label = LABELS[PAYLOADS.indexOf(payload) % LABELS.length]!;
      const ticket = await created('POST', '/tickets', {
        columnId: board.columns[0].id,
        title: payload,
        description: payload,
        labels: [label],
      });
      const read = (await call('GET', `/tickets/${ticket.id}`)).body;
      same('ticket title (read)', read.title, payload);
      same('ticket description (read)', read.description, payload);
      same('ticket labels (read)', read.labels, [label]);
      same('ticket title (db)', await dbValue('select title as v from tickets where id = $1', ticket.id), payload);
      same(
        'ticket description (db)',
        await dbValue('select description as v from tickets where id = $1', ticket.id),
        payload,
      );
      same('ticket labels (db)', await dbValue('select labels as v from tickets where id = $1', ticket.id), [label]);
      const edited = await created('PATCH', `/tickets/${ticket.id}`, {
        version: read.version,
        title: `${payload}!`,
        description: `!${payload}`,
      });
      same('ticket edit', [edited.title, edited.description], [`${payload}!`, `!${payload}`]);
      const comment = await created('POST', `/tickets/${ticket.id}/comments`, { body: payload });
      same('comment (response)', comment.body, payload);
      same('comment (db)', await dbValue('select body as v from comments where id = $1', comment.id), payload);
      const token = await created('POST', '/tokens', { name: payload.slice(0, 80), role: 'viewer' });
      same(
        'token name (db)',
        await dbValue('select name as v from api_tokens where id = $1', token.id),
        payload.slice(0, 80),
      );
    }

    const workspace = await created('PATCH', '/workspace', { name: PAYLOADS[0] });
    same(
      'workspace name',
      [workspace.name, await dbValue('select name as v from workspaces where id = $1', owner.workspaceId)],
      [PAYLOADS[0], PAYLOADS[0]],
    );
    const named = await signUp({ name: PAYLOADS[1] });
    same('user name (db)', await dbValue('select name as v from users where email = $1', named.email), PAYLOADS[1]);
    for (const email of EMAILS) {
      const invitation = await created('POST', '/invitations', { role: 'viewer', email });
      same(
        'invitation email',
        [invitation.email, await dbValue('select email as v from invitations where id = $1', invitation.id)],
        [email, email],
      );
    }
    // Sign-in with an injection string as the email is just an invalid (422 VALIDATION_FAILED) or wrong (401) one.
    const signIn = await send(`${stack().appUrl}/api/auth/sign-in/email`, {
      origin: stack().publicUrl,
      body: { email: "' OR '1'='1' --@example.test", password: "' OR '1'='1" },
    });
    expect([401, 422]).toContain(signIn.status);
    expect(signIn.headers['content-type']).toBe('application/problem+json');
    check();

    expect(await fingerprint(bystander.workspaceId)).toBe(before);
    expect(Number((await db.query('select count(*) from users')).rows[0].count)).toBe(usersBefore + 1);
    check(2);
  });

  it('in every text filter: matched literally, never as SQL or as LIKE wildcards', async () => {
    const call = api(owner);
    const board = (await call('POST', '/boards', { name: 'Filters', columns: ['A'] })).body;
    const plain = (await call('POST', '/tickets', { columnId: board.columns[0].id, title: `plain ${randomUUID()}` }))
      .body;
    for (const payload of PAYLOADS) {
      const query = encodeURIComponent(payload);
      const search = await call('GET', `/tickets?q=${query}&limit=200`);
      expect(search.status, payload).toBe(200);
      // Only tickets that contain the string itself; never the plain one (which "' OR '1'='1" or "%" would match).
      for (const ticket of search.body.data)
        expect(`${ticket.title}\n${ticket.description}`.toLowerCase()).toContain(payload.toLowerCase());
      expect(search.body.data.map((t: { id: string }) => t.id)).not.toContain(plain.id);
      const label = LABELS[PAYLOADS.indexOf(payload) % LABELS.length]!;
      const byLabel = await call('GET', `/tickets?label=${encodeURIComponent(label)}&limit=200`);
      expect(byLabel.status).toBe(200);
      for (const ticket of byLabel.body.data) expect(ticket.labels).toContain(label);
      const byAssignee = await call('GET', `/tickets?assigneeId=${encodeURIComponent(payload.slice(0, 64))}`);
      expect(byAssignee.status).toBe(200);
      expect(byAssignee.body.data).toEqual([]);
      const audit = await call('GET', `/audit-log?actorId=${query}&resourceId=${query}`);
      expect(audit.status).toBe(200);
      expect(audit.body.data).toEqual([]);
      add('sqlFields', 4);
      check(4);
    }
    // The wildcard characters themselves, as search terms, find nothing here (no ticket contains them literally).
    for (const wildcard of ['%', '_', '\\']) {
      const reply = await call('GET', `/tickets?boardId=${board.id}&q=${encodeURIComponent(wildcard)}`);
      expect(reply.body.data, wildcard).toEqual([]);
      check();
    }
  });
});
