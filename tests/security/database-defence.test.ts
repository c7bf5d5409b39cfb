import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, openEventStream, signUp, stack, type Account } from '../support/security-client';
import { securityCounts } from '../support/security-results';

// Finding 7 of the outside attack (issue #12): the database's own defences, probed as an attacker who has SQL
// access as the app's runtime login role (an injection that was not found). Each probe runs on a real
// PostgreSQL 15 with the roles and grants exactly as `npm run db:migrate` leaves them:
// - the runtime role cannot become tika_auth (password hashes, session tokens);
// - as tika_app it sees only the users who are members of the current workspace, and none without one;
// - it cannot create temporary tables (which would shadow the app's tables on a pooled connection);
// - no lookup maps a user id to workspaces for it: lookup.user_workspaces is gone (lookup.session_workspaces asks
//   for the caller's own session), and the by-id lookup of the auth library is the auth role's alone;
// - a forged pg_notify on the board-events channel never reaches another workspace's live stream.

const { check } = securityCounts('database-defence');
let runtime: pg.Client;
let admin: pg.Client;
let victim: Account;
let other: Account;

async function sqlState(work: Promise<unknown>): Promise<string | null> {
  try {
    await work;
    return null;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

beforeAll(async () => {
  runtime = new pg.Client({ connectionString: stack().appDbEnv.DATABASE_URL });
  admin = new pg.Client({ connectionString: stack().adminDbUrl });
  await Promise.all([runtime.connect(), admin.connect()]);
  [victim, other] = await Promise.all([signUp({ name: 'Database Victim' }), signUp({ name: 'Other Tenant' })]);
});
afterAll(async () => {
  await Promise.all([runtime?.end(), admin?.end()]);
});

describe('SQL access as the runtime role', () => {
  it('cannot become tika_auth, inside a tenant transaction or outside one, and cannot read auth tables', async () => {
    await runtime.query('begin');
    await runtime.query(`select set_config('role', 'tika_app', true), set_config('app.tenant_id', $1, true)`, [
      victim.workspaceId,
    ]);
    expect(await sqlState(runtime.query('set role tika_auth'))).toBe('42501');
    await runtime.query('rollback');
    expect(await sqlState(runtime.query('set role tika_auth'))).toBe('42501');
    expect(await sqlState(runtime.query('select token from sessions limit 1'))).toBe('42501');
    expect(await sqlState(runtime.query('select password from accounts limit 1'))).toBe('42501');
    const membership = await runtime.query(
      `select pg_has_role(current_user, 'tika_auth', 'MEMBER') as auth, pg_has_role(current_user, 'tika_app', 'MEMBER') as app`,
    );
    expect(membership.rows[0]).toEqual({ auth: false, app: true });
    check(4);
  });

  it('sees no user without a workspace, and only that workspace’s members with one', async () => {
    const count = async (tenant: string | null) => {
      await runtime.query('begin');
      try {
        await runtime.query(`select set_config('role', 'tika_app', true)`);
        if (tenant) await runtime.query(`select set_config('app.tenant_id', $1, true)`, [tenant]);
        const { rows } = await runtime.query(`select id, email from users`);
        return rows.map((r) => r.email as string).sort();
      } finally {
        await runtime.query('rollback');
      }
    };
    expect(await count(null)).toEqual([]);
    expect(await count(victim.workspaceId)).toEqual([victim.email]);
    expect(await count(other.workspaceId)).toEqual([other.email]);
    // Outside any transaction, as the login role itself: nothing either.
    expect((await runtime.query(`select count(*)::int as n from users`)).rows[0].n).toBe(0);
    check(3);
  });

  it('cannot create a temporary table (it would shadow the app’s tables on that pooled connection)', async () => {
    expect(await sqlState(runtime.query('create temp table tickets (id uuid)'))).toBe('42501');
    await runtime.query('begin');
    await runtime.query(`select set_config('role', 'tika_app', true)`);
    expect(await sqlState(runtime.query('create temp table boards (id uuid)'))).toBe('42501');
    await runtime.query('rollback');
    const temp = await admin.query(
      `select r.rolname, has_database_privilege(r.rolname, current_database(), 'TEMP') as temp
         from pg_roles r where r.rolname in ('tika_runtime', 'tika_app', 'tika_auth') order by 1`,
    );
    expect(temp.rows.filter((r) => r.temp)).toEqual([]);
    check(2);
  });

  it('no lookup answers the runtime role for a user id (only for the caller’s own session)', async () => {
    const victimId = (await admin.query(`select id from users where email = $1`, [victim.email])).rows[0].id;
    const byId = await sqlState(runtime.query(`select * from lookup.user_workspaces($1::text)`, [victimId]));
    const rows =
      byId === null ? (await runtime.query(`select * from lookup.user_workspaces($1::text)`, [victimId])).rows : [];
    expect({ error: byId !== null, rows }).toEqual({ error: true, rows: [] });
    // The auth library's by-id lookup (auditing an account's own events) is not the runtime role's to call.
    expect(await sqlState(runtime.query(`select * from lookup.account_workspaces($1::text)`, [victimId]))).toBe(
      '42501',
    );
    const auth = new pg.Client({ connectionString: stack().appDbEnv.DATABASE_AUTH_URL });
    await auth.connect();
    try {
      const own = await auth.query(`select tenant_id from lookup.account_workspaces($1::text)`, [victimId]);
      expect(own.rows.map((r) => r.tenant_id)).toEqual([victim.workspaceId]);
    } finally {
      await auth.end();
    }
    check(2);
  });

  it('a forged pg_notify on the board-events channel never reaches another workspace’s live stream', async () => {
    const board = await api(victim)('POST', '/boards', { name: 'Live board', columns: ['To do'] });
    expect(board.status, board.text).toBe(201);
    const boardId = board.body.id as string;
    const columnId = board.body.columns[0].id as string;
    const stream = await openEventStream(
      `${stack().appUrl}/api/v1/boards/${boardId}/events?workspace=${victim.workspaceId}`,
      victim.cookie,
    );
    try {
      expect(stream.status).toBe(200);
      expect(await stream.next(10_000)).toMatch(/event: ready/);
      const forgedTicket = randomUUID();
      const forged = {
        tenantId: victim.workspaceId,
        boardId,
        kind: 'ticket.created',
        ticketId: forgedTicket,
        columnId,
        version: 1,
      };
      await runtime.query(`select pg_notify('tika_board_events', $1)`, [JSON.stringify(forged)]);
      // A real change after it proves the stream is live: everything before it has been delivered by then.
      const real = await api(victim)('POST', '/tickets', { columnId, title: 'real change' });
      expect(real.status, real.text).toBe(201);
      const seen: string[] = [];
      for (let i = 0; i < 10; i++) {
        const message = await stream.next(10_000);
        if (message === null) break;
        if (!message.startsWith(':')) seen.push(message);
        if (message.includes(real.body.id)) break;
      }
      expect(seen.some((m) => m.includes(real.body.id))).toBe(true);
      expect(seen.filter((m) => m.includes(forgedTicket))).toEqual([]);
    } finally {
      stream.close();
    }
    check(2);
  });
});
