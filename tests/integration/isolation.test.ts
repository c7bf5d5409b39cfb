import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, getDbHandle } from '../../src/server/db/client';
import { withTenant, withoutTenant, type Tx } from '../../src/server/db/tenant';
import { hashSecret } from '../../src/server/auth/secret-token';
import {
  buildTenant,
  FOREIGN_KEY_VIOLATION,
  INSUFFICIENT_PRIVILEGE,
  rows,
  sqlState,
  type Tenant,
} from '../support/isolation-fixtures';
import { signUp } from '../support/api';

// Database-level isolation: what Postgres itself guarantees when application code forgets a tenant filter,
// passes a foreign id, or tries to rewrite history. Runs as the runtime connection (tika_app inside tenant
// transactions), never as the owner, on PGlite, a PostgreSQL server and the Neon driver alike.

const TENANT_TABLES = [
  'api_tokens',
  'audit_logs',
  'boards',
  'columns',
  'comments',
  'idempotency_keys',
  'invitations',
  'memberships',
  'notifications',
  'tickets',
  'usage_daily',
  'usage_monthly',
  'webhook_deliveries',
  'webhook_delivery_attempts',
  'webhook_endpoints',
  'workspace_flags',
  'workspace_labels',
  'workspaces',
];
const tenantColumn = (table: string) => (table === 'workspaces' ? 'id' : 'tenant_id');
const LOOKUP_FUNCTIONS = [
  'account_workspaces',
  'api_token',
  'backup_status',
  'invitation_tenant',
  'session_workspaces',
  'ticket_counts',
];
// Run by the auth library's role only (by user id: auditing an account's own events), never by tika_app.
const AUTH_ONLY_LOOKUPS = ['account_workspaces'];

let a: Tenant;
let b: Tenant;

/** The session token inside a test user's better-auth cookie (`session_token=<token>.<signature>`). */
const sessionTokenOf = (user: { cookie: string }) =>
  decodeURIComponent(/session_token=([^;]+)/.exec(user.cookie)![1]!).split('.')[0]!;

beforeAll(async () => {
  [a, b] = await Promise.all([buildTenant('ALPHA'), buildTenant('BRAVO')]);
}, 120_000);

describe('RLS catalog', () => {
  it('every tenant table in public is exactly the expected list, with RLS enabled AND forced', async () => {
    const db = await getDb();
    const tables = await rows<{ relname: string; rls: boolean; forced: boolean; relkind: string }>(
      db,
      sql`select c.relname, c.relrowsecurity as rls, c.relforcerowsecurity as forced, c.relkind::text as relkind
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p')
            and (c.relname = 'workspaces' or exists (
              select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and a.attnum > 0 and not a.attisdropped))
          order by c.relname`,
    );
    expect(tables.map((t) => t.relname)).toEqual(TENANT_TABLES);
    for (const table of tables) {
      expect({ table: table.relname, rls: table.rls, forced: table.forced }).toEqual({
        table: table.relname,
        rls: true,
        forced: true,
      });
    }
  });

  it('no view or materialized view in public exposes tenant_id (views run as their owner and would skip RLS)', async () => {
    const db = await getDb();
    const views = await rows(
      db,
      sql`select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('v', 'm')
            and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname in ('tenant_id') and not a.attisdropped)
            and not coalesce(c.reloptions @> array['security_invoker=true'], false)`,
    );
    expect(views).toEqual([]);
  });

  it('each tenant table has a tika_app policy, and every policy tika_app is subject to is keyed on app.tenant_id', async () => {
    const db = await getDb();
    const policies = await rows<{
      tablename: string;
      policyname: string;
      cmd: string;
      applies: boolean;
      qual: string | null;
      with_check: string | null;
    }>(
      db,
      sql`select tablename::text, policyname::text, cmd::text, ('tika_app' = any(roles) or 'public' = any(roles)) as applies, qual, with_check
          from pg_policies where schemaname = 'public'`,
    );
    for (const table of TENANT_TABLES) {
      const mine = policies.filter((p) => p.tablename === table && p.applies);
      expect(mine.length, `${table} has no policy for tika_app`).toBeGreaterThan(0);
      for (const policy of mine) {
        // A second permissive policy with `true` would OR the table open; every clause must pin the tenant.
        for (const clause of [policy.qual, policy.with_check].filter((c): c is string => c !== null)) {
          expect(clause, `${table}.${policy.policyname}`).toMatch(/current_setting\('app\.tenant_id'::text, true\)/);
          expect(clause).toContain(tenantColumn(table));
        }
      }
    }
    // Read-write tables carry one FOR ALL policy; audit_logs only SELECT + INSERT ones (no UPDATE/DELETE path at all).
    const auditCommands = policies
      .filter((p) => p.tablename === 'audit_logs' && p.applies)
      .map((p) => p.cmd)
      .sort();
    expect(auditCommands).toEqual(['INSERT', 'SELECT']);
  });

  it('inside withTenant the role is tika_app: no superuser, no BYPASSRLS, owns no tenant table and is no member of an owner', async () => {
    const [me] = await withTenant(a.workspaceId, (tx) =>
      rows<{ current_user: string; tenant: string; rolsuper: boolean; rolbypassrls: boolean }>(
        tx,
        sql`select current_user::text as current_user, current_setting('app.tenant_id', true) as tenant, r.rolsuper, r.rolbypassrls
            from pg_roles r where r.rolname = current_user`,
      ),
    );
    expect(me).toEqual({ current_user: 'tika_app', tenant: a.workspaceId, rolsuper: false, rolbypassrls: false });
    const db = await getDb();
    const owned = await rows<{ relname: string; owner: string; app_is_owner: boolean }>(
      db,
      sql`select c.relname, pg_get_userbyid(c.relowner) as owner, pg_has_role('tika_app', c.relowner, 'USAGE') as app_is_owner
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relname in (${sql.join(
            TENANT_TABLES.map((t) => sql`${t}`),
            sql`, `,
          )})`,
    );
    expect(owned).toHaveLength(TENANT_TABLES.length);
    for (const table of owned) {
      expect(table.owner, table.relname).not.toBe('tika_app');
      expect(table.app_is_owner, `tika_app can act as the owner of ${table.relname}`).toBe(false);
    }
    // tika_app can create nothing: no new tables slipping past the catalog test, no functions planted in lookup.
    const [create] = await rows<{ in_public: boolean; in_lookup: boolean; lookup_member: boolean }>(
      db,
      sql`select has_schema_privilege('tika_app', 'public', 'CREATE') as in_public,
                 has_schema_privilege('tika_app', 'lookup', 'CREATE') as in_lookup,
                 pg_has_role('tika_app', 'tika_lookup', 'MEMBER') as lookup_member`,
    );
    expect(create).toEqual({ in_public: false, in_lookup: false, lookup_member: false });
  });

  it('the runtime login role is neither superuser, BYPASSRLS, nor (a member of) a table owner', async () => {
    const { driver, db } = await getDbHandle();
    const [session] = await rows<{
      session_user: string;
      current_user: string;
      rolsuper: boolean;
      rolbypassrls: boolean;
      owns: boolean;
      app_member: boolean;
    }>(
      db,
      sql`select session_user::text as session_user, current_user::text as current_user, r.rolsuper, r.rolbypassrls,
                 exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
                         where n.nspname = 'public' and pg_has_role(session_user, c.relowner, 'USAGE')) as owns,
                 pg_has_role(session_user, 'tika_app', 'MEMBER') as app_member
          from pg_roles r where r.rolname = session_user`,
    );
    if (driver === 'pglite') {
      // PGlite has one built-in superuser; the driver drops to tika_embedded (tika_app + tika_auth) for the
      // whole session after migrating, so even statements outside a tenant transaction run unprivileged.
      expect(session!.current_user).toBe('tika_embedded');
      const [embedded] = await rows(
        db,
        sql`select rolsuper, rolbypassrls from pg_roles where rolname = 'tika_embedded'`,
      );
      expect(embedded).toEqual({ rolsuper: false, rolbypassrls: false });
    } else {
      expect(session).toMatchObject({ rolsuper: false, rolbypassrls: false, owns: false, app_member: true });
      expect(session!.session_user).not.toBe('tika_app');
      if (process.env.DATABASE_AUTH_URL) {
        // The auth library has its own login role: the runtime role cannot become tika_auth (issue #12).
        const [auth] = await rows<{ member: boolean }>(
          db,
          sql`select pg_has_role(session_user, 'tika_auth', 'MEMBER') as member`,
        );
        expect(auth).toEqual({ member: false });
        expect(await sqlState(() => withTenant(a.workspaceId, (tx) => tx.execute(sql`set role tika_auth`)))).toBe(
          '42501',
        );
      }
    }
  });

  it("tenant transactions cannot reach the auth library's secrets: sessions, accounts, verifications, or users beyond id/name/email", async () => {
    const a = await signUp('Secrets');
    for (const statement of [
      sql`select token from sessions limit 1`,
      sql`select password from accounts limit 1`,
      sql`select value from verifications limit 1`,
      sql`select email_verified from users limit 1`,
      sql`update users set email = 'stolen@example.test'`,
      sql`delete from sessions`,
    ]) {
      expect(await sqlState(() => withTenant(a.workspaceId, (tx) => tx.execute(statement)))).toBe('42501');
    }
    const [me] = await withTenant(a.workspaceId, (tx) =>
      rows<{ email: string }>(tx, sql`select id, name, email from users where email = ${a.email}`),
    );
    expect(me!.email).toBe(a.email);
  });

  it('no tenant table grants anything to PUBLIC', async () => {
    const db = await getDb();
    const grants = await rows(
      db,
      sql`select c.relname, acl.privilege_type from pg_class c join pg_namespace n on n.oid = c.relnamespace,
               lateral aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) acl
          where n.nspname = 'public' and acl.grantee = 0`,
    );
    expect(grants).toEqual([]);
  });
});

describe('forgot the WHERE', () => {
  it('a bare select in tenant A returns only A rows although B has rows, in every tenant table', async () => {
    for (const table of TENANT_TABLES) {
      const column = sql.raw(tenantColumn(table));
      const query = sql`select ${column}::text as tenant from ${sql.identifier(table)}`;
      const seenByA = await withTenant(a.workspaceId, (tx) => rows<{ tenant: string }>(tx, query));
      const seenByB = await withTenant(b.workspaceId, (tx) => rows<{ tenant: string }>(tx, query));
      expect(seenByA.length, `${table}: A has rows`).toBeGreaterThan(0);
      expect(seenByB.length, `${table}: B has rows`).toBeGreaterThan(0);
      expect(new Set(seenByA.map((r) => r.tenant)), table).toEqual(new Set([a.workspaceId]));
      expect(new Set(seenByB.map((r) => r.tenant)), table).toEqual(new Set([b.workspaceId]));
    }
  });

  it('select * from tickets / boards / comments / memberships / audit_logs counts exactly A’s own rows', async () => {
    const counts = await withTenant(a.workspaceId, async (tx) => ({
      tickets: (await rows(tx, sql`select * from tickets`)).length,
      boards: (await rows(tx, sql`select * from boards`)).length,
      comments: (await rows(tx, sql`select * from comments`)).length,
      memberships: (await rows(tx, sql`select * from memberships`)).length,
    }));
    expect(counts).toEqual({ tickets: a.ticketIds.length, boards: 1, comments: 1, memberships: 2 });
    const audit = await withTenant(a.workspaceId, (tx) =>
      rows<{ tenant_id: string }>(tx, sql`select * from audit_logs`),
    );
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((r) => r.tenant_id === a.workspaceId)).toBe(true);
  });

  it('a bare update of tickets touches only A’s tickets', async () => {
    const t = await buildTenant('UPD');
    const bBefore = await withTenant(b.workspaceId, (tx) =>
      rows<{ id: string; title: string }>(tx, sql`select id, title from tickets order by id`),
    );
    const touched = await withTenant(t.workspaceId, (tx) =>
      rows<{ tenant_id: string }>(tx, sql`update tickets set title = 'x' returning tenant_id::text`),
    );
    expect(touched.map((r) => r.tenant_id)).toEqual(t.ticketIds.map(() => t.workspaceId));
    const bAfter = await withTenant(b.workspaceId, (tx) =>
      rows<{ id: string; title: string }>(tx, sql`select id, title from tickets order by id`),
    );
    expect(bAfter).toEqual(bBefore);
    expect(bAfter.some((r) => r.title === 'x')).toBe(false);
  }, 60_000);

  it('a bare delete of comments leaves B’s comments intact', async () => {
    const t = await buildTenant('DEL');
    const bBefore = await withTenant(b.workspaceId, (tx) => rows(tx, sql`select id, body from comments order by id`));
    const deleted = await withTenant(t.workspaceId, (tx) =>
      rows<{ tenant_id: string }>(tx, sql`delete from comments returning tenant_id::text`),
    );
    expect(deleted).toEqual([{ tenant_id: t.workspaceId }]);
    expect(await withTenant(b.workspaceId, (tx) => rows(tx, sql`select id, body from comments order by id`))).toEqual(
      bBefore,
    );
    expect(bBefore).toHaveLength(1);
  }, 60_000);

  it('moving rows to another tenant by updating tenant_id is refused (WITH CHECK)', async () => {
    const code = await sqlState(() =>
      withTenant(a.workspaceId, (tx) =>
        tx.execute(sql`update tickets set tenant_id = ${b.workspaceId}::uuid where id = ${a.ticketIds[0]}::uuid`),
      ),
    );
    expect(code).toBe(INSUFFICIENT_PRIVILEGE);
  });
});

describe('no tenant', () => {
  it('a transaction without a tenant sees zero rows in every tenant table', async () => {
    const counts = await withoutTenant(async (tx) => {
      const result: Record<string, number> = {};
      for (const table of TENANT_TABLES) {
        const [row] = await rows<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.identifier(table)}`);
        result[table] = row!.n;
      }
      return result;
    });
    expect(counts).toEqual(Object.fromEntries(TENANT_TABLES.map((t) => [t, 0])));
  });

  it('users: nobody without a tenant, and only the current workspace’s members with one', async () => {
    const emails = (tenant: string | null) =>
      (tenant ? (work: (tx: Tx) => Promise<string[]>) => withTenant(tenant, work) : withoutTenant)(async (tx) =>
        (await rows<{ email: string }>(tx, sql`select email from users order by email`)).map((r) => r.email),
      );
    expect(await emails(null)).toEqual([]);
    const seenByA = await emails(a.workspaceId);
    expect(seenByA).toEqual(expect.arrayContaining([a.owner.email, a.member.email]));
    expect(seenByA).not.toContain(b.owner.email);
    expect(seenByA).not.toContain(b.member.email);
  });

  it('no app role may create temporary tables (they would shadow the app’s tables on a pooled connection)', async () => {
    expect(await sqlState(() => withoutTenant((tx) => tx.execute(sql`create temp table tickets (id uuid)`)))).toBe(
      '42501',
    );
    expect(
      await sqlState(() => withTenant(a.workspaceId, (tx) => tx.execute(sql`create temp table boards (id uuid)`))),
    ).toBe('42501');
    const db = await getDb();
    const temp = await rows<{ rolname: string }>(
      db,
      sql`select rolname::text from pg_roles where rolname in ('tika_app', 'tika_auth', 'tika_lookup')
            and has_database_privilege(rolname, current_database(), 'TEMP')`,
    );
    expect(temp).toEqual([]);
  });

  it('an empty, unknown or malformed tenant setting also sees nothing', async () => {
    for (const value of ['', randomUUID()]) {
      const [row] = await withoutTenant(async (tx) => {
        await tx.execute(sql`select set_config('app.tenant_id', ${value}, true)`);
        return rows<{ n: number }>(
          tx,
          sql`select (select count(*) from tickets) + (select count(*) from workspaces) + (select count(*) from memberships) as n`,
        );
      });
      expect(Number(row!.n), `app.tenant_id = '${value}'`).toBe(0);
    }
    // A malformed value errors out rather than matching anything.
    const code = await sqlState(() =>
      withoutTenant(async (tx) => {
        await tx.execute(sql`select set_config('app.tenant_id', ${"' or true --"}, true)`);
        return tx.execute(sql`select count(*) from tickets`);
      }),
    );
    expect(code).toBe('22P02');
  });

  it('inserting a row without a tenant fails, whatever tenant_id it names', async () => {
    const boardInsert = await sqlState(() =>
      withoutTenant((tx) =>
        tx.execute(sql`insert into boards (tenant_id, name) values (${a.workspaceId}::uuid, 'orphan')`),
      ),
    );
    expect(boardInsert).toBe(INSUFFICIENT_PRIVILEGE);
    const auditInsert = await sqlState(() =>
      withoutTenant((tx) =>
        tx.execute(
          sql`insert into audit_logs (tenant_id, actor_type, action, resource_type, changes) values (${a.workspaceId}::uuid, 'system', 'CREATE', 'board', '{}'::jsonb)`,
        ),
      ),
    );
    expect(auditInsert).toBe(INSUFFICIENT_PRIVILEGE);
    const workspaceInsert = await sqlState(() =>
      withoutTenant((tx) => tx.execute(sql`insert into workspaces (name, slug) values ('x', ${`x-${randomUUID()}`})`)),
    );
    expect(workspaceInsert).toBe(INSUFFICIENT_PRIVILEGE);
  });
});

describe('no leak between transactions', () => {
  it('after a commit, the next transaction on the same connection has no tenant', async () => {
    const { driver } = await getDbHandle();
    const first = await withTenant(a.workspaceId, async (tx) => {
      const [row] = await rows<{ pid: number; n: number }>(
        tx,
        sql`select pg_backend_pid() as pid, (select count(*)::int from tickets) as n`,
      );
      return row!;
    });
    expect(first.n).toBe(a.ticketIds.length);
    // A pool hands the most recently released connection back first; try a few times to land on the same backend.
    let sameConnection = 0;
    for (let attempt = 0; attempt < 10; attempt++) {
      const next = await withoutTenant(async (tx) => {
        const [row] = await rows<{ pid: number; n: number; tenant: string | null; role: string }>(
          tx,
          sql`select pg_backend_pid() as pid, (select count(*)::int from tickets) as n, current_setting('app.tenant_id', true) as tenant, current_user::text as role`,
        );
        return row!;
      });
      expect(next.n).toBe(0);
      expect(next.tenant ?? '').toBe('');
      expect(next.role).toBe('tika_app');
      if (next.pid === first.pid) sameConnection++;
    }
    expect(sameConnection, `never landed on the same connection (${driver})`).toBeGreaterThan(0);
  });

  it('after a rollback, neither the tenant nor the role stays on the connection', async () => {
    const failed = await sqlState(() =>
      withTenant(a.workspaceId, async (tx) => {
        await tx.execute(sql`select 1 from tickets`);
        await tx.execute(sql`select 1/0`);
      }),
    );
    expect(failed).toBe('22012');
    const db = await getDb();
    const { driver } = await getDbHandle();
    const [outside] = await rows<{ tenant: string | null; role: string }>(
      db,
      sql`select current_setting('app.tenant_id', true) as tenant, current_user::text as role`,
    );
    expect(outside!.tenant ?? '').toBe('');
    const [next] = await withoutTenant((tx) => rows<{ n: number }>(tx, sql`select count(*)::int as n from tickets`));
    expect(next!.n).toBe(0);
    // Outside a transaction: PGlite stays tika_embedded for the session; on a server it is the unprivileged login role.
    if (driver === 'pglite') expect(outside!.role).toBe('tika_embedded');
    else expect(outside!.role).not.toBe('tika_app');
  });
});

describe('cross-tenant references', () => {
  const inA = (statement: ReturnType<typeof sql>) =>
    sqlState(() => withTenant(a.workspaceId, (tx) => tx.execute(statement)));

  it('a ticket in A cannot point at B’s board and column', async () => {
    expect(
      await inA(sql`insert into tickets (tenant_id, board_id, column_id, title, position)
                    values (${a.workspaceId}::uuid, ${b.boardId}::uuid, ${b.columnIds[0]}::uuid, 'stolen board', 'a0')`),
    ).toBe(FOREIGN_KEY_VIOLATION);
    // Own board, foreign column.
    expect(
      await inA(sql`insert into tickets (tenant_id, board_id, column_id, title, position)
                    values (${a.workspaceId}::uuid, ${a.boardId}::uuid, ${b.columnIds[0]}::uuid, 'stolen column', 'a0')`),
    ).toBe(FOREIGN_KEY_VIOLATION);
    // Moving an existing ticket into B's column.
    expect(
      await inA(sql`update tickets set column_id = ${b.columnIds[0]}::uuid where id = ${a.ticketIds[0]}::uuid`),
    ).toBe(FOREIGN_KEY_VIOLATION);
    // A column in A on B's board.
    expect(
      await inA(
        sql`insert into columns (tenant_id, board_id, name, position) values (${a.workspaceId}::uuid, ${b.boardId}::uuid, 'stolen', 'a0')`,
      ),
    ).toBe(FOREIGN_KEY_VIOLATION);
  });

  it('a comment in A cannot be attached to B’s ticket', async () => {
    expect(
      await inA(
        sql`insert into comments (tenant_id, ticket_id, body) values (${a.workspaceId}::uuid, ${b.ticketIds[0]}::uuid, 'hello B')`,
      ),
    ).toBe(FOREIGN_KEY_VIOLATION);
  });

  it('a ticket in A cannot be assigned to a user who is only a member of B', async () => {
    expect(
      await inA(sql`insert into tickets (tenant_id, board_id, column_id, title, position, assignee_id)
                    values (${a.workspaceId}::uuid, ${a.boardId}::uuid, ${a.columnIds[0]}::uuid, 'assigned away', 'a0', ${b.owner.id})`),
    ).toBe(FOREIGN_KEY_VIOLATION);
    expect(await inA(sql`update tickets set assignee_id = ${b.member.id} where id = ${a.ticketIds[1]}::uuid`)).toBe(
      FOREIGN_KEY_VIOLATION,
    );
  });

  it('naming tenant B explicitly in an insert from A is refused by WITH CHECK, in every tenant table', async () => {
    const statements = [
      sql`insert into boards (tenant_id, name) values (${b.workspaceId}::uuid, 'planted')`,
      sql`insert into columns (tenant_id, board_id, name, position) values (${b.workspaceId}::uuid, ${b.boardId}::uuid, 'planted', 'zz')`,
      sql`insert into tickets (tenant_id, board_id, column_id, title, position) values (${b.workspaceId}::uuid, ${b.boardId}::uuid, ${b.columnIds[0]}::uuid, 'planted', 'zz')`,
      sql`insert into comments (tenant_id, ticket_id, body) values (${b.workspaceId}::uuid, ${b.ticketIds[0]}::uuid, 'planted')`,
      sql`insert into memberships (tenant_id, user_id, role) values (${b.workspaceId}::uuid, ${a.owner.id}, 'owner')`,
      sql`insert into invitations (tenant_id, role, token_hash, expires_at) values (${b.workspaceId}::uuid, 'admin', ${randomUUID()}, now() + interval '1 day')`,
      sql`insert into api_tokens (tenant_id, name, prefix, token_hash, role) values (${b.workspaceId}::uuid, 'planted', 'tika_x', ${randomUUID()}, 'admin')`,
      sql`insert into audit_logs (tenant_id, actor_type, action, resource_type, changes) values (${b.workspaceId}::uuid, 'system', 'DELETE', 'board', '{}'::jsonb)`,
      sql`insert into webhook_endpoints (tenant_id, url, events, secret_ciphertext, secret_prefix) values (${b.workspaceId}::uuid, 'https://evil.example.com/', '{*}', 'x', 'x')`,
      sql`insert into webhook_deliveries (tenant_id, endpoint_id, event_type, payload) values (${b.workspaceId}::uuid, ${b.webhookId}::uuid, 'ticket.created', '{}')`,
      sql`insert into webhook_delivery_attempts (tenant_id, delivery_id, attempt, started_at, duration_ms) values (${b.workspaceId}::uuid, ${b.deliveryId}::uuid, 9, now(), 1)`,
      sql`insert into notifications (tenant_id, user_id, kind, title) values (${b.workspaceId}::uuid, ${b.owner.id}, 'phish', 'planted')`,
    ];
    for (const statement of statements) expect(await inA(statement)).toBe(INSUFFICIENT_PRIVILEGE);
    // The B rows those statements would have added are not there.
    const [row] = await withTenant(b.workspaceId, (tx) =>
      rows<{ n: number }>(
        tx,
        sql`select (select count(*) from boards where name = 'planted') + (select count(*) from memberships where user_id = ${a.owner.id}) as n`,
      ),
    );
    expect(Number(row!.n)).toBe(0);
  });
});

describe('audit log is append-only', () => {
  it('as the app role, UPDATE, DELETE and TRUNCATE of audit_logs are refused, and the rows stay', async () => {
    const before = await withTenant(a.workspaceId, (tx) =>
      rows<{ id: string; action: string }>(tx, sql`select id, action from audit_logs order by seq`),
    );
    expect(before.length).toBeGreaterThan(0);
    const inA = (statement: ReturnType<typeof sql>) =>
      sqlState(() => withTenant(a.workspaceId, (tx) => tx.execute(statement)));
    expect(await inA(sql`update audit_logs set action = 'TAMPERED'`)).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await inA(sql`update audit_logs set action = 'TAMPERED' where id = ${before[0]!.id}::uuid`)).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
    expect(await inA(sql`delete from audit_logs`)).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await inA(sql`truncate audit_logs`)).toBe(INSUFFICIENT_PRIVILEGE);
    expect(
      await withTenant(a.workspaceId, (tx) => rows(tx, sql`select id, action from audit_logs order by seq`)),
    ).toEqual(before);

    const db = await getDb();
    const [privileges] = await rows(
      db,
      sql`select has_table_privilege('tika_app', 'audit_logs', 'SELECT') as "select", has_table_privilege('tika_app', 'audit_logs', 'INSERT') as "insert",
                 has_table_privilege('tika_app', 'audit_logs', 'UPDATE') as "update", has_table_privilege('tika_app', 'audit_logs', 'DELETE') as "delete",
                 has_table_privilege('tika_app', 'audit_logs', 'TRUNCATE') as "truncate"`,
    );
    expect(privileges).toEqual({ select: true, insert: true, update: false, delete: false, truncate: false });
  });

  it('BEFORE UPDATE/DELETE/TRUNCATE triggers exist and are ENABLE ALWAYS', async () => {
    const db = await getDb();
    const triggers = await rows<{ tgname: string; tgenabled: string; tgtype: number }>(
      db,
      sql`select tgname::text, tgenabled::text, tgtype::int from pg_trigger where tgrelid = 'public.audit_logs'::regclass and not tgisinternal order by tgname`,
    );
    expect(triggers.map((t) => [t.tgname, t.tgenabled])).toEqual([
      ['audit_logs_no_truncate', 'A'],
      ['audit_logs_no_update_delete', 'A'],
    ]);
    // tgtype bits: 2 BEFORE, 8 DELETE, 16 UPDATE, 32 TRUNCATE.
    const covered = triggers.filter((t) => (t.tgtype & 2) !== 0).reduce((bits, t) => bits | t.tgtype, 0);
    expect(covered & (8 | 16 | 32)).toBe(8 | 16 | 32);
  });

  it('the triggers stop even a privileged role, also under session_replication_role = replica', async () => {
    const { driver, db } = await getDbHandle();
    const [owner] = await rows<{ owner: string }>(
      db,
      sql`select pg_get_userbyid(relowner)::text as owner from pg_class where oid = 'public.audit_logs'::regclass`,
    );
    if (driver === 'pglite') {
      // PGlite's session user is the superuser owner: become it for one transaction and try to rewrite history.
      for (const statement of [
        sql`update audit_logs set action = 'TAMPERED'`,
        sql`delete from audit_logs`,
        sql`truncate audit_logs`,
      ]) {
        const code = await sqlState(() =>
          db.transaction(async (tx) => {
            await tx.execute(sql`select set_config('role', ${owner!.owner}, true)`);
            await tx.execute(sql`select set_config('session_replication_role', 'replica', true)`);
            await tx.execute(statement);
          }),
        );
        expect(code).toBe(INSUFFICIENT_PRIVILEGE);
      }
      const [row] = await withTenant(a.workspaceId, (tx) =>
        rows<{ n: number }>(tx, sql`select count(*)::int as n from audit_logs where action = 'TAMPERED'`),
      );
      expect(row!.n).toBe(0);
    } else {
      // On a server the runtime role cannot even become the owner to try.
      const code = await sqlState(() =>
        db.transaction((tx) => tx.execute(sql`select set_config('role', ${owner!.owner}, true)`)),
      );
      expect(code).toBe(INSUFFICIENT_PRIVILEGE);
    }
  });
});

describe('lookup functions', () => {
  it('lookup.api_token answers only for the exact hash', async () => {
    const db = await getDb();
    const found = await rows<{ tenant_id: string; token_id: string }>(
      db,
      sql`select tenant_id::text, token_id::text from lookup.api_token(${hashSecret(a.apiToken)})`,
    );
    expect(found).toEqual([{ tenant_id: a.workspaceId, token_id: a.apiTokenId }]);
    const hash = hashSecret(a.apiToken);
    for (const probe of [
      '',
      '%',
      '_%',
      hash.slice(0, 32),
      `${hash.slice(0, 63)}%`,
      hash.toUpperCase(),
      a.apiToken,
      `${hash}' or '1'='1`,
    ]) {
      expect(await rows(db, sql`select * from lookup.api_token(${probe})`), `probe ${probe}`).toEqual([]);
    }
    const viaB = await rows<{ tenant_id: string }>(
      db,
      sql`select tenant_id::text from lookup.api_token(${hashSecret(b.apiToken)})`,
    );
    expect(viaB).toEqual([{ tenant_id: b.workspaceId }]);
  });

  it('the other lookups answer only for their exact key', async () => {
    const db = await getDb();
    const invitation = await rows<{ t: string | null }>(
      db,
      sql`select lookup.invitation_tenant(${hashSecret(a.invitationToken)})::text as t`,
    );
    expect(invitation).toEqual([{ t: a.workspaceId }]);
    expect(await rows(db, sql`select lookup.invitation_tenant(${'%'})::text as t`)).toEqual([{ t: null }]);
    // A user's workspaces are asked for with that user's own session token, never a user id (issue #12).
    const workspaces = await rows<{ tenant_id: string }>(
      db,
      sql`select tenant_id::text from lookup.session_workspaces(${sessionTokenOf(b.member)})`,
    );
    expect(workspaces.map((w) => w.tenant_id).sort()).toEqual([b.workspaceId, b.member.workspaceId].sort());
    for (const key of ['%', b.member.id, '', sessionTokenOf(b.member).slice(0, -1)])
      expect(await sqlState(() => db.execute(sql`select * from lookup.session_workspaces(${key})`)), key).toBe('28000');
  });

  it('tika_app reads nothing behind the lookups directly: the rows exist, RLS hides them without a tenant', async () => {
    const direct = await withoutTenant((tx) =>
      rows(tx, sql`select * from api_tokens where token_hash = ${hashSecret(a.apiToken)}`),
    );
    expect(direct).toEqual([]);
    const db = await getDb();
    // Nothing in the lookup schema is a relation tika_app could read; the schema holds functions only.
    const relations = await rows<{ relname: string; readable: boolean }>(
      db,
      sql`select c.relname, has_table_privilege('tika_app', c.oid, 'SELECT') as readable
          from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'lookup'`,
    );
    expect(relations.filter((r) => r.readable)).toEqual([]);
    // Asking for tika_lookup's powers fails: tika_app is no member of it.
    const code = await sqlState(() =>
      withTenant(a.workspaceId, (tx) => tx.execute(sql`select set_config('role', 'tika_lookup', true)`)),
    );
    const { driver } = await getDbHandle();
    // On PGlite the session user is the superuser and may switch to any role; on a server the login role may not.
    if (driver !== 'pglite') expect(code).toBe(INSUFFICIENT_PRIVILEGE);
    else expect(code).toBeUndefined();
  });

  it('lookup functions are exactly the known ones, SECURITY DEFINER, owned by tika_lookup, pinned search_path, not executable by PUBLIC; the by-user-id one by tika_auth only', async () => {
    const db = await getDb();
    const functions = await rows<{
      proname: string;
      secdef: boolean;
      owner: string;
      config: string | null;
      public_exec: boolean;
      app_exec: boolean;
      auth_exec: boolean;
      volatile: string;
    }>(
      db,
      sql`select p.proname::text, p.prosecdef as secdef, pg_get_userbyid(p.proowner)::text as owner, array_to_string(p.proconfig, ',') as config,
                 exists (select 1 from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) acl where acl.grantee = 0) as public_exec,
                 has_function_privilege('tika_app', p.oid, 'EXECUTE') as app_exec,
                 has_function_privilege('tika_auth', p.oid, 'EXECUTE') as auth_exec, p.provolatile::text as volatile
          from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'lookup' order by p.proname`,
    );
    expect(functions.map((f) => f.proname)).toEqual(LOOKUP_FUNCTIONS);
    for (const fn of functions) {
      expect(fn, fn.proname).toMatchObject({
        secdef: true,
        owner: 'tika_lookup',
        public_exec: false,
        app_exec: !AUTH_ONLY_LOOKUPS.includes(fn.proname),
        auth_exec: AUTH_ONLY_LOOKUPS.includes(fn.proname),
        volatile: 's',
      });
      expect(fn.config, fn.proname).toMatch(/search_path=public, ?pg_temp/);
    }
    const [role] = await rows(
      db,
      sql`select rolsuper, rolbypassrls, rolcanlogin from pg_roles where rolname = 'tika_lookup'`,
    );
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcanlogin: false });
  });

  it('tika_lookup can only read, and only the seven tables the lookups need', async () => {
    const db = await getDb();
    const privileges = await rows<{ relname: string; privilege_type: string }>(
      db,
      sql`select c.relname::text, p.privilege_type from pg_class c join pg_namespace n on n.oid = c.relnamespace,
               unnest(array['SELECT','INSERT','UPDATE','DELETE','TRUNCATE','REFERENCES','TRIGGER']) as p(privilege_type)
          where n.nspname = 'public' and c.relkind = 'r' and has_table_privilege('tika_lookup', c.oid, p.privilege_type)
          order by 1, 2`,
    );
    expect(privileges).toEqual(
      ['api_tokens', 'backup_runs', 'columns', 'invitations', 'memberships', 'tickets', 'workspaces'].map(
        (relname) => ({
          relname,
          privilege_type: 'SELECT',
        }),
      ),
    );
    // Of sessions, only what lookup.session_workspaces needs to find a live session's user.
    const sessionColumns = await rows<{ attname: string }>(
      db,
      sql`select a.attname::text from pg_attribute a
          where a.attrelid = 'public.sessions'::regclass and a.attnum > 0 and not a.attisdropped
            and has_column_privilege('tika_lookup', a.attrelid, a.attnum, 'SELECT') order by 1`,
    );
    expect(sessionColumns.map((c) => c.attname)).toEqual(['expires_at', 'token', 'user_id']);
    const policies = await rows(
      db,
      sql`select tablename::text, cmd::text from pg_policies where 'tika_lookup' = any(roles) and cmd <> 'SELECT'`,
    );
    expect(policies).toEqual([]);
  });
});
