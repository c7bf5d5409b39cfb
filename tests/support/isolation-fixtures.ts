import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { api, as, signUp, type Caller, type TestUser } from './api';
import { flushUsage } from '../../src/server/usage-meter';
import { getDb } from '../../src/server/db/client';
import { withTenant } from '../../src/server/db/tenant';
import { notifyMembers } from '../../src/modules/notifications';

// Shared by the isolation suites: two fully populated tenants, raw-SQL helpers that work on all three drivers,
// and a way to read the Postgres error code out of whatever the driver (and drizzle) wrapped it in.

export type Row = Record<string, unknown>;
interface Executor {
  execute(query: SQL): Promise<unknown>;
}

/** Rows of a raw statement; pglite, node-postgres and neon all answer `{ rows }`. */
export async function rows<T extends Row = Row>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as { rows: T[] };
  return result.rows;
}

/** The SQLSTATE of a failure, looking through drizzle's wrapper; `undefined` when the work succeeded. */
export async function sqlState(work: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await work();
  } catch (error) {
    let current: unknown = error;
    for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
      const code = (current as { code?: unknown }).code;
      if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
      current = (current as { cause?: unknown }).cause;
    }
    throw new Error(`expected a Postgres error, got: ${String(error)}`);
  }
  return undefined;
}

export const INSUFFICIENT_PRIVILEGE = '42501';
export const FOREIGN_KEY_VIOLATION = '23503';

export function expectStatus(response: { status: number; body: unknown }, status: number, what = ''): void {
  if (response.status !== status) {
    throw new Error(`${what} expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  }
}

export interface Tenant {
  /** A unique string inside every name and title this tenant created, to spot its data in other responses. */
  marker: string;
  owner: TestUser;
  workspaceId: string;
  slug: string;
  ownerCaller: Caller;
  boardId: string;
  /** Columns of the main board: [0] holds the tickets, [1] is a move target, [2] stays empty. */
  columnIds: string[];
  ticketIds: string[];
  ticketVersion: number;
  archivedTicketId: string;
  archivedTicketVersion: number;
  commentId: string;
  invitationId: string;
  /** Bound to an address nobody has, so it can never be accepted. */
  invitationToken: string;
  invitationEmail: string;
  apiTokenId: string;
  apiToken: string;
  member: TestUser;
  webhookId: string;
  webhookSecret: string;
  /** A test-event delivery of the webhook, marked delivered with one recorded attempt. */
  deliveryId: string;
}

/** Invite `user` into the owner's workspace with `role` and accept as them. */
export async function addMember(
  ownerCaller: Caller,
  user: TestUser,
  role: 'admin' | 'member' | 'viewer',
): Promise<void> {
  const invitation = await api(ownerCaller, 'POST', '/invitations', { role });
  expectStatus(invitation, 201, 'create invitation');
  const accepted = await api({ cookie: user.cookie }, 'POST', '/invitations/accept', { token: invitation.body.token });
  expectStatus(accepted, 200, 'accept invitation');
}

export async function createToken(
  ownerCaller: Caller,
  role: 'admin' | 'member' | 'viewer',
  name = `${role} token`,
): Promise<{ id: string; token: string }> {
  const created = await api(ownerCaller, 'POST', '/tokens', { name, role });
  expectStatus(created, 201, 'create token');
  return { id: created.body.id, token: created.body.token };
}

/** A workspace with a board, three columns, three tickets (one archived), a comment, an invitation, a token and a member. */
export async function buildTenant(label: string): Promise<Tenant> {
  const marker = `${label}-${randomUUID().slice(0, 8)}`;
  const [owner, member] = await Promise.all([signUp(`${marker} owner`), signUp(`${marker} member`)]);
  const ownerCaller = as(owner);
  const me = await api(ownerCaller, 'GET', '/workspace');
  expectStatus(me, 200, 'get workspace');
  const board = await api(ownerCaller, 'POST', '/boards', {
    name: `${marker} board`,
    description: `${marker} secret plans`,
    columns: [`${marker} todo`, `${marker} doing`, `${marker} spare`],
  });
  expectStatus(board, 201, 'create board');
  const columnIds = (board.body.columns as { id: string }[]).map((c) => c.id);
  await addMember(ownerCaller, member, 'member');
  const ticketIds: string[] = [];
  for (const n of [1, 2, 3]) {
    const ticket = await api(ownerCaller, 'POST', '/tickets', {
      columnId: columnIds[0],
      title: `${marker} ticket ${n}`,
      description: `${marker} confidential ${n}`,
      assigneeId: n === 1 ? member.id : undefined,
      labels: [`${marker.slice(0, 20)}`],
    });
    expectStatus(ticket, 201, 'create ticket');
    ticketIds.push(ticket.body.id);
  }
  const archived = await api(ownerCaller, 'POST', `/tickets/${ticketIds[2]}/archive`, { version: 1 });
  expectStatus(archived, 200, 'archive ticket');
  // Sent with an Idempotency-Key so idempotency_keys holds a row (and a stored answer) of this tenant too.
  const comment = await api(
    { ...ownerCaller, headers: { 'idempotency-key': `${marker}-comment` } },
    'POST',
    `/tickets/${ticketIds[0]}/comments`,
    { body: `${marker} private comment` },
  );
  expectStatus(comment, 201, 'create comment');
  const invitationEmail = `${marker.toLowerCase()}-invitee@example.test`;
  const invitation = await api(ownerCaller, 'POST', '/invitations', { role: 'admin', email: invitationEmail });
  expectStatus(invitation, 201, 'create invitation');
  const token = await createToken(ownerCaller, 'admin', `${marker} token`);
  // Rows in the ops tables too: a flag override, and this workspace's API calls metered so far.
  expectStatus(
    await api(ownerCaller, 'PUT', '/flags', { overrides: { KANBAN_SWIMLANES: true } }),
    200,
    'flag override',
  );
  // A workspace label colour, named like the workspace's own label so a leak would show.
  expectStatus(
    await api(ownerCaller, 'PUT', '/labels', { name: `${marker}-label`, colour: 'teal' }),
    200,
    'label colour',
  );
  await flushUsage();
  // Rows in the webhook, notification and usage-rollup tables too. The webhook points at a public name this
  // suite never delivers to (no worker runs here): a delivery, its attempt and a notice are written directly.
  const webhook = await api(ownerCaller, 'POST', '/webhooks', {
    url: `https://hooks.example.com/${marker}`,
    events: ['member.role_changed'],
    description: `${marker} webhook`,
  });
  expectStatus(webhook, 201, 'create webhook');
  const delivery = await api(ownerCaller, 'POST', `/webhooks/${webhook.body.id}/test`);
  expectStatus(delivery, 201, 'test event');
  const tenantId = owner.workspaceId;
  await withTenant(tenantId, async (tx) => {
    await tx.execute(sql`insert into webhook_delivery_attempts (tenant_id, delivery_id, attempt, started_at, duration_ms, status_code)
                         values (${tenantId}, ${delivery.body.id}, 1, now(), 12, 204)`);
    await tx.execute(sql`update webhook_deliveries set status = 'delivered', attempts = 1, delivered_at = now()
                         where id = ${delivery.body.id}`);
    await tx.execute(sql`insert into usage_daily (tenant_id, day, api_calls) values (${tenantId}, date '2001-01-15', 1)
                         on conflict do nothing`);
    await notifyMembers(tx, tenantId, [owner.id], { kind: 'fixture', title: `${marker} notice` });
  });
  // Folds that old day into usage_monthly (the housekeeping function, as the job runs it).
  await (await getDb()).execute(sql`select housekeeping.rollup_usage(90, 0, 'fixture')`);
  return {
    marker,
    owner,
    workspaceId: owner.workspaceId,
    slug: me.body.slug,
    ownerCaller,
    boardId: board.body.id,
    columnIds,
    ticketIds,
    ticketVersion: 1,
    archivedTicketId: ticketIds[2]!,
    archivedTicketVersion: archived.body.version,
    commentId: comment.body.id,
    invitationId: invitation.body.id,
    invitationToken: invitation.body.token,
    invitationEmail,
    apiTokenId: token.id,
    apiToken: token.token,
    member,
    webhookId: webhook.body.id,
    webhookSecret: webhook.body.secret,
    deliveryId: delivery.body.id,
  };
}

/** Every identifier and secret of a tenant that must never show up in another tenant's responses. */
export function secretsOf(t: Tenant): string[] {
  return [
    t.marker,
    t.workspaceId,
    t.slug,
    t.owner.id,
    t.owner.email,
    t.member.id,
    t.member.email,
    t.boardId,
    ...t.columnIds,
    ...t.ticketIds,
    t.commentId,
    t.invitationId,
    t.invitationToken,
    t.invitationEmail,
    t.apiTokenId,
    t.apiToken,
    t.webhookId,
    t.webhookSecret,
    t.deliveryId,
  ];
}

/** Everything the owner can see of the workspace, to prove nothing changed. */
export async function snapshot(t: Tenant): Promise<Record<string, unknown>> {
  const get = async (path: string) => {
    const response = await api(t.ownerCaller, 'GET', path);
    expectStatus(response, 200, `snapshot ${path}`);
    return response.body;
  };
  let auditCount = 0;
  let cursor: string | null = null;
  do {
    const page: { data: unknown[]; nextCursor: string | null } = await get(
      `/audit-log?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    auditCount += page.data.length;
    cursor = page.nextCursor;
  } while (cursor);
  return {
    workspace: await get('/workspace'),
    boards: await get('/boards?includeArchived=true'),
    board: await get(`/boards/${t.boardId}`),
    tickets: await Promise.all(t.ticketIds.map((id) => get(`/tickets/${id}`))),
    archived: await get(`/tickets?boardId=${t.boardId}&archived=true`),
    comments: await get(`/tickets/${t.ticketIds[0]}/comments`),
    members: await get('/members'),
    invitations: await get('/invitations'),
    tokens: await get('/tokens'),
    webhooks: await get('/webhooks'),
    deliveries: await get(`/webhooks/${t.webhookId}/deliveries`),
    auditCount,
  };
}

/** Fails naming the secret when a response body carries any of them. */
export function expectNoSecrets(body: unknown, secrets: string[], context: string): void {
  const text = JSON.stringify(body ?? null);
  const leaked = secrets.filter((secret) => text.includes(secret));
  expect(leaked, `${context} leaked ${leaked.join(', ')}: ${text.slice(0, 400)}`).toEqual([]);
}
