import { inBatches, send } from './scale-http';
import type { World } from './scale-model';

// The end of the isolation-at-scale run: the whole database, read by a role that row-level security does not
// bind, compared with the model. Every tenant row must sit in the tenant the model says owns its id, each table
// must hold exactly the model's rows per workspace (with the model's versions, states and roles), and every audit
// row must speak of its own workspace's resources and people.

export type Query = (sql: string) => Promise<Record<string, unknown>[]>;

export interface DbComparison {
  tables: Record<string, number>;
  /** Rows in a tenant other than the model's owner of the id, and audit rows about another tenant's things. */
  crossTenantWrites: string[];
  /** Any other difference between the database and the model. */
  mismatches: string[];
}

const iso = (value: unknown) => (value === null || value === undefined ? 'null' : 'set');

/** A text[] column: node-postgres parses it; PGlite may hand over the literal ({a,b}). */
const pgArray = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.map(String)
    : String(value ?? '')
        .replace(/^\{|\}$/g, '')
        .split(',')
        .filter(Boolean)
        .map((v) => v.replace(/^"|"$/g, ''));

/** Audit rows each workspace holds now, counted through the API by its owner: the model's baseline after setup. */
export async function auditBaseline(base: string, world: World): Promise<void> {
  await inBatches([...world.workspaces.values()], 6, async (ws) => {
    const owner = [...ws.members].find(([, role]) => role === 'owner')![0];
    const caller = { cookie: world.users.get(owner)!.cookie, workspace: ws.id };
    let cursor: string | null = null;
    ws.audit = 0;
    do {
      const page = await send(
        base,
        caller,
        'GET',
        `/audit-log?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      if (page.status !== 200)
        throw new Error(`audit baseline of ${ws.id}: ${page.status} ${JSON.stringify(page.body)}`);
      ws.audit += page.body.data.length;
      cursor = page.body.nextCursor;
    } while (cursor);
  });
}

export async function compareDatabase(world: World, query: Query): Promise<DbComparison> {
  const crossTenantWrites: string[] = [];
  const mismatches: string[] = [];
  const tables: Record<string, number> = {};
  const live = [...world.workspaces.values()].filter((w) => !w.deleted);

  const knownDeliveries = new Set(live.flatMap((w) => [...w.deliveries.keys()]));
  const expected: Record<string, string[]> = {
    workspaces: live.map((w) => `${w.id}|${w.id}|${w.slug}|${w.name}`),
    memberships: live.flatMap((w) => [...w.members].map(([user, role]) => `${w.id}|${user}|${role}`)),
    invitations: live.flatMap((w) => [...w.invitations.values()].map((i) => `${w.id}|${i.id}|${i.role}|${i.status}`)),
    api_tokens: live.flatMap((w) =>
      [...w.tokens.values()].map((t) => `${w.id}|${t.id}|${t.role}|${t.revoked ? 'set' : 'null'}`),
    ),
    boards: live.flatMap((w) =>
      [...w.boards.values()].map((b) => `${w.id}|${b.id}|${b.name}|${b.archived ? 'set' : 'null'}`),
    ),
    columns: live.flatMap((w) =>
      [...w.columns.values()].map((c) => `${w.id}|${c.id}|${c.boardId}|${c.name}|${c.wipLimit}`),
    ),
    tickets: live.flatMap((w) =>
      [...w.tickets.values()].map(
        (t) =>
          `${w.id}|${t.id}|${t.boardId}|${t.columnId}|${t.title}|${t.version}|${t.archived ? 'set' : 'null'}|${t.assigneeId}`,
      ),
    ),
    comments: live.flatMap((w) =>
      [...w.comments.values()].map((c) => `${w.id}|${c.id}|${c.ticketId}|${c.authorId}|${c.authorTokenId}`),
    ),
    workspace_flags: live.flatMap((w) => [...w.flags].map(([flag, enabled]) => `${w.id}|${flag}|${enabled}`)),
    webhook_endpoints: live.flatMap((w) =>
      [...w.webhooks.values()].map(
        (h) =>
          `${w.id}|${h.id}|${h.url}|${h.description}|${[...h.events].sort().join(',')}|${h.enabled}|${h.secretPrefix}`,
      ),
    ),
    // Per endpoint: how many deliveries (test events and subscribed events: the outbox wrote them with the change).
    webhook_deliveries: live.flatMap((w) =>
      [...w.webhooks.values()].filter((h) => h.deliveries > 0).map((h) => `${w.id}|${h.id}|${h.deliveries}`),
    ),
    // The deliveries the run knows by id, each in its workspace and on its endpoint.
    webhook_deliveries_known: live.flatMap((w) =>
      [...w.deliveries.values()].map((d) => `${w.id}|${d.id}|${d.webhookId}`),
    ),
    notifications: live.flatMap((w) =>
      [...w.notices.values()].map((n) => `${w.id}|${n.id}|${n.userId}|${n.read ? 'set' : 'null'}`),
    ),
    workspace_labels: live.flatMap((w) => [...w.labels].map(([name, colour]) => `${w.id}|${name}|${colour}`)),
  };
  const actual: Record<string, string[]> = {
    workspaces: (await query('select id::text as t, id::text, slug, name from workspaces')).map(
      (r) => `${r.t}|${r.id}|${r.slug}|${r.name}`,
    ),
    memberships: (await query('select tenant_id::text as t, user_id, role from memberships')).map(
      (r) => `${r.t}|${r.user_id}|${r.role}`,
    ),
    invitations: (
      await query('select tenant_id::text as t, id::text, role, accepted_at, revoked_at from invitations')
    ).map((r) => `${r.t}|${r.id}|${r.role}|${r.accepted_at ? 'accepted' : r.revoked_at ? 'revoked' : 'pending'}`),
    api_tokens: (await query('select tenant_id::text as t, id::text, role, revoked_at from api_tokens')).map(
      (r) => `${r.t}|${r.id}|${r.role}|${iso(r.revoked_at)}`,
    ),
    boards: (await query('select tenant_id::text as t, id::text, name, archived_at from boards')).map(
      (r) => `${r.t}|${r.id}|${r.name}|${iso(r.archived_at)}`,
    ),
    columns: (await query('select tenant_id::text as t, id::text, board_id::text, name, wip_limit from columns')).map(
      (r) => `${r.t}|${r.id}|${r.board_id}|${r.name}|${r.wip_limit}`,
    ),
    tickets: (
      await query(
        'select tenant_id::text as t, id::text, board_id::text, column_id::text, title, version, archived_at, assignee_id from tickets',
      )
    ).map(
      (r) =>
        `${r.t}|${r.id}|${r.board_id}|${r.column_id}|${r.title}|${r.version}|${iso(r.archived_at)}|${r.assignee_id}`,
    ),
    comments: (
      await query(
        'select tenant_id::text as t, id::text, ticket_id::text, author_id, author_token_id::text from comments',
      )
    ).map((r) => `${r.t}|${r.id}|${r.ticket_id}|${r.author_id}|${r.author_token_id}`),
    workspace_flags: (await query('select tenant_id::text as t, flag, enabled from workspace_flags')).map(
      (r) => `${r.t}|${r.flag}|${r.enabled}`,
    ),
    webhook_endpoints: (
      await query(
        'select tenant_id::text as t, id::text, url, description, events, enabled, secret_prefix from webhook_endpoints',
      )
    ).map(
      (r) =>
        `${r.t}|${r.id}|${r.url}|${r.description}|${pgArray(r.events).sort().join(',')}|${r.enabled}|${r.secret_prefix}`,
    ),
    webhook_deliveries: (
      await query(
        'select tenant_id::text as t, endpoint_id::text as e, count(*)::int as n from webhook_deliveries group by 1, 2',
      )
    ).map((r) => `${r.t}|${r.e}|${r.n}`),
    webhook_deliveries_known: (
      await query('select tenant_id::text as t, id::text, endpoint_id::text as e from webhook_deliveries')
    )
      // The ones the model holds, and any whose id the run saw as another workspace's.
      .filter((r) => knownDeliveries.has(String(r.id)) || (world.ownerOf.get(String(r.id)) ?? r.t) !== r.t)
      .map((r) => `${r.t}|${r.id}|${r.e}`),
    notifications: (await query('select tenant_id::text as t, id::text, user_id, read_at from notifications')).map(
      (r) => `${r.t}|${r.id}|${r.user_id}|${iso(r.read_at)}`,
    ),
    workspace_labels: (
      await query('select tenant_id::text as t, lower(name) as name, colour from workspace_labels')
    ).map((r) => `${r.t}|${r.name}|${r.colour}`),
  };

  for (const table of Object.keys(expected)) {
    const want = new Set(expected[table]);
    const got = actual[table]!;
    tables[table] = got.length;
    for (const row of got) {
      if (want.delete(row)) continue;
      const [tenant, id] = row.split('|');
      const owner = world.ownerOf.get(id!);
      if (
        table !== 'memberships' &&
        table !== 'workspace_flags' &&
        table !== 'workspace_labels' &&
        owner !== undefined &&
        owner !== tenant
      )
        crossTenantWrites.push(`${table}: ${id} of ${owner} stored in tenant ${tenant}`);
      else mismatches.push(`${table}: unexpected row ${row}`);
    }
    for (const row of want) mismatches.push(`${table}: missing row ${row}`);
  }

  // Audit rows: exactly the model's count per workspace, and each about its own workspace's things and people.
  const audit = await query(
    'select tenant_id::text as t, actor_type, actor_id, resource_type, resource_id from audit_logs',
  );
  tables.audit_logs = audit.length;
  const perTenant = new Map<string, number>();
  for (const row of audit) {
    const tenant = String(row.t);
    perTenant.set(tenant, (perTenant.get(tenant) ?? 0) + 1);
    for (const [what, id] of [
      ['resource', row.resource_id],
      ['actor', row.actor_id],
    ] as const) {
      if (typeof id !== 'string') continue;
      const user = world.users.get(id);
      if (user) {
        if (!user.history.has(tenant))
          crossTenantWrites.push(`audit_logs: ${what} user ${id} in tenant ${tenant}, never a member there`);
        continue;
      }
      const owner = world.ownerOf.get(id);
      if (owner !== undefined && owner !== tenant)
        crossTenantWrites.push(`audit_logs: ${what} ${row.resource_type} ${id} of ${owner} in tenant ${tenant}`);
    }
  }
  for (const w of world.workspaces.values()) {
    const got = perTenant.get(w.id) ?? 0;
    if (got !== w.audit)
      mismatches.push(`audit_logs: ${got} rows in ${w.id}${w.active ? '' : ' (not in the run)'}, model ${w.audit}`);
    perTenant.delete(w.id);
  }
  for (const [tenant, n] of perTenant) crossTenantWrites.push(`audit_logs: ${n} rows in unknown tenant ${tenant}`);

  // Delivery attempts (the job worker's writes): each in the tenant of its delivery, every tenant a known one.
  const attempts = await query(
    `select a.tenant_id::text as t, count(*)::int as n, count(d.id)::int as matched
       from webhook_delivery_attempts a
       left join webhook_deliveries d on d.id = a.delivery_id and d.tenant_id = a.tenant_id
      group by 1`,
  );
  tables.webhook_delivery_attempts = attempts.reduce((sum, r) => sum + Number(r.n), 0);
  for (const row of attempts) {
    if (!world.workspaces.has(String(row.t)))
      crossTenantWrites.push(`webhook_delivery_attempts: unknown tenant ${row.t}`);
    if (row.n !== row.matched)
      crossTenantWrites.push(
        `webhook_delivery_attempts: ${Number(row.n) - Number(row.matched)} in ${row.t} not of a delivery there`,
      );
  }

  const usage = await query('select distinct tenant_id::text as t from usage_daily');
  tables.usage_daily_tenants = usage.length;
  for (const row of usage)
    if (!world.workspaces.has(String(row.t))) crossTenantWrites.push(`usage_daily: unknown tenant ${row.t}`);

  return { tables, crossTenantWrites, mismatches };
}
