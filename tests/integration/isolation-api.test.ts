import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/server/db/tenant';
import { buildOpenApiDocument } from '../../src/api/openapi';
import { apiV1 } from '../../src/api/v1';
import type { Endpoint } from '../../src/server/http/endpoint';
import { rolePermissions, type Permission, type Role } from '../../src/modules/access';
import { api, as, signUp, type ApiResponse, type Caller, type TestUser } from '../support/api';
import {
  addMember,
  buildTenant,
  createToken,
  expectNoSecrets,
  expectStatus,
  secretsOf,
  snapshot,
  type Tenant,
} from '../support/isolation-fixtures';

// The cross-tenant matrix over EVERY /api/v1 operation, generated from the OpenAPI document: a route added to
// the API is in the document, so it is in this matrix, and the test fails until it has an entry in CASES.

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
interface Operation {
  operationId: string;
  method: Method;
  path: string;
  pathParams: string[];
  permission: Permission | undefined;
  /** Tenant operations accept API tokens and act in a workspace; the others are session-only. */
  tenant: boolean;
  successStatus: number;
}

interface Ids {
  workspaceId: string;
  slug: string;
  boardId: string;
  columnId: string;
  moveColumnId: string;
  emptyColumnId: string;
  ticketId: string;
  ticketVersion: number;
  archivedTicketId: string;
  archivedTicketVersion: number;
  commentId: string;
  invitationId: string;
  invitationToken: string;
  userId: string;
  tokenId: string;
  webhookId: string;
  deliveryId: string;
}

/** Where a path parameter's value comes from. An unknown parameter name fails the suite. */
const PATH_PARAMS: Record<string, keyof Ids> = {
  boardId: 'boardId',
  columnId: 'columnId',
  ticketId: 'ticketId',
  commentId: 'commentId',
  invitationId: 'invitationId',
  userId: 'userId',
  tokenId: 'tokenId',
  webhookId: 'webhookId',
  deliveryId: 'deliveryId',
};

interface Fresh {
  ids?: Partial<Ids>;
  caller?: Caller;
}

interface Case {
  /** Path values that differ from the PATH_PARAMS defaults. */
  params?: (ids: Ids) => Record<string, string>;
  query?: (ids: Ids) => Record<string, string>;
  /** A body that would succeed if the ids were the caller's own: isolation, not validation, must stop it. */
  body?: (ids: Ids) => unknown;
  /** For the owner's positive run: create what a destructive call consumes, or choose another caller. */
  own?: (a: Tenant) => Promise<Fresh>;
  /** A list filtered by another tenant's id must come back empty. */
  emptyForForeign?: boolean;
  /** Why another tenant's id may be told apart from a random one (the id is itself a secret credential). */
  distinguishable?: string;
  /** Runs after every other operation (it removes the caller from its workspace). */
  last?: boolean;
}

const freshTicket = async (a: Tenant, archived = false): Promise<Fresh> => {
  const ticket = await api(a.ownerCaller, 'POST', '/tickets', { columnId: a.columnIds[0], title: 'fresh' });
  expectStatus(ticket, 201, 'fresh ticket');
  if (!archived) return { ids: { ticketId: ticket.body.id, ticketVersion: ticket.body.version } };
  const done = await api(a.ownerCaller, 'POST', `/tickets/${ticket.body.id}/archive`, { version: ticket.body.version });
  expectStatus(done, 200, 'archive fresh ticket');
  return { ids: { archivedTicketId: done.body.id, archivedTicketVersion: done.body.version } };
};

const freshMember = async (a: Tenant, workspaceCaller = a.ownerCaller): Promise<TestUser> => {
  const user = await signUp('Fresh member');
  await addMember(workspaceCaller, user, 'member');
  return user;
};

const freshWebhook = async (a: Tenant): Promise<string> => {
  const created = await api(a.ownerCaller, 'POST', '/webhooks', {
    url: 'https://hooks.example.com/fresh',
    events: ['board.deleted'],
  });
  expectStatus(created, 201, 'fresh webhook');
  return created.body.id;
};

const scratchWorkspace = async (a: Tenant): Promise<{ id: string; slug: string; caller: Caller }> => {
  const created = await api({ cookie: a.owner.cookie }, 'POST', '/workspaces', { name: 'Scratch' });
  expectStatus(created, 201, 'scratch workspace');
  return { id: created.body.id, slug: created.body.slug, caller: as(a.owner, created.body.id) };
};

const CASES: Record<string, Case> = {
  getMe: {},
  createWorkspace: { body: () => ({ name: 'Matrix workspace' }) },
  getWorkspace: {},
  updateWorkspace: { body: () => ({ name: 'Renamed workspace' }) },
  deleteWorkspace: {
    body: (ids) => ({ confirm: ids.slug }),
    own: async (a) => {
      const scratch = await scratchWorkspace(a);
      return { ids: { slug: scratch.slug }, caller: scratch.caller };
    },
  },
  listMembers: {},
  changeMemberRole: { body: () => ({ role: 'viewer' }) },
  removeMember: { own: async (a) => ({ ids: { userId: (await freshMember(a)).id } }) },
  leaveWorkspace: { last: true, own: async (a) => ({ caller: as(await freshMember(a), a.workspaceId) }) },
  transferOwnership: {
    body: (ids) => ({ userId: ids.userId }),
    own: async (a) => {
      const scratch = await scratchWorkspace(a);
      return { ids: { userId: (await freshMember(a, scratch.caller)).id }, caller: scratch.caller };
    },
  },
  listInvitations: {},
  createInvitation: { body: () => ({ role: 'viewer' }) },
  revokeInvitation: {
    own: async (a) => {
      const invitation = await api(a.ownerCaller, 'POST', '/invitations', { role: 'member' });
      expectStatus(invitation, 201, 'fresh invitation');
      return { ids: { invitationId: invitation.body.id } };
    },
  },
  acceptInvitation: {
    body: (ids) => ({ token: ids.invitationToken }),
    distinguishable:
      'the invitation token is a bearer secret; A’s is bound to an email address B does not have, so B gets 403 instead of 404',
    own: async (a) => {
      const invitation = await api(a.ownerCaller, 'POST', '/invitations', { role: 'viewer' });
      expectStatus(invitation, 201, 'fresh invitation');
      const user = await signUp('Invitee');
      return { ids: { invitationToken: invitation.body.token }, caller: { cookie: user.cookie } };
    },
  },
  previewInvitation: {
    body: (ids) => ({ token: ids.invitationToken }),
    distinguishable:
      'the invitation token is a bearer secret; A’s is bound to an email address B does not have, so B gets 403 instead of 404',
    own: async (a) => {
      const invitation = await api(a.ownerCaller, 'POST', '/invitations', { role: 'viewer' });
      expectStatus(invitation, 201, 'fresh invitation');
      const user = await signUp('Invitee');
      return { ids: { invitationToken: invitation.body.token }, caller: { cookie: user.cookie } };
    },
  },
  listApiTokens: {},
  createApiToken: { body: () => ({ name: 'Matrix token', role: 'viewer' }) },
  revokeApiToken: { own: async (a) => ({ ids: { tokenId: (await createToken(a.ownerCaller, 'viewer')).id } }) },
  listBoards: { query: () => ({ includeArchived: 'true' }) },
  createBoard: { body: () => ({ name: 'Matrix board' }) },
  getBoard: {},
  updateBoard: { body: () => ({ description: 'hijacked' }) },
  deleteBoard: {
    own: async (a) => {
      const board = await api(a.ownerCaller, 'POST', '/boards', { name: 'Doomed' });
      expectStatus(board, 201, 'fresh board');
      return { ids: { boardId: board.body.id } };
    },
  },
  createColumn: { body: (ids) => ({ name: 'Planted', afterColumnId: ids.columnId }) },
  updateColumn: { body: () => ({ name: 'Hijacked' }) },
  deleteColumn: { params: (ids) => ({ columnId: ids.emptyColumnId }) },
  listTickets: { query: (ids) => ({ boardId: ids.boardId }), emptyForForeign: true },
  createTicket: { body: (ids) => ({ columnId: ids.columnId, title: 'Planted' }) },
  getTicket: {},
  updateTicket: { body: (ids) => ({ version: ids.ticketVersion, title: 'Hijacked' }), own: (a) => freshTicket(a) },
  deleteTicket: { own: (a) => freshTicket(a) },
  moveTicket: {
    body: (ids) => ({ version: ids.ticketVersion, columnId: ids.moveColumnId }),
    own: (a) => freshTicket(a),
  },
  archiveTicket: { body: (ids) => ({ version: ids.ticketVersion }), own: (a) => freshTicket(a) },
  restoreTicket: {
    params: (ids) => ({ ticketId: ids.archivedTicketId }),
    body: (ids) => ({ version: ids.archivedTicketVersion }),
    own: (a) => freshTicket(a, true),
  },
  listComments: {},
  createComment: { body: () => ({ body: 'Planted comment' }) },
  deleteComment: {
    own: async (a) => {
      const comment = await api(a.ownerCaller, 'POST', `/tickets/${a.ticketIds[0]}/comments`, { body: 'fresh' });
      expectStatus(comment, 201, 'fresh comment');
      return { ids: { commentId: comment.body.id } };
    },
  },
  listAuditLog: { query: (ids) => ({ resourceId: ids.ticketId }), emptyForForeign: true },
  getUsage: {},
  listTicketActivity: {},
  listFlags: {},
  updateFlags: { body: () => ({ overrides: { KANBAN_SWIMLANES: true } }) },
  listLabels: {},
  setLabelColour: { body: () => ({ name: 'matrix', colour: 'red' }) },
  listWebhooks: {},
  createWebhook: { body: () => ({ url: 'https://hooks.example.com/matrix', events: ['ticket.created'] }) },
  getWebhook: {},
  updateWebhook: { body: () => ({ description: 'hijacked' }) },
  deleteWebhook: { own: async (a) => ({ ids: { webhookId: await freshWebhook(a) } }) },
  rotateWebhookSecret: { own: async (a) => ({ ids: { webhookId: await freshWebhook(a) } }) },
  sendWebhookTestEvent: {},
  listWebhookDeliveries: {},
  getWebhookDelivery: {},
  retryWebhookDelivery: {
    own: async (a) => {
      // A finished delivery: the fixture's own was marked delivered; redelivering it leaves it pending, so use a
      // fresh one, finished the same way.
      const webhookId = await freshWebhook(a);
      const test = await api(a.ownerCaller, 'POST', `/webhooks/${webhookId}/test`);
      expectStatus(test, 201, 'fresh delivery');
      await withTenant(a.workspaceId, (tx) =>
        tx.execute(sql`update webhook_deliveries set status = 'failed' where id = ${test.body.id}`),
      );
      return { ids: { webhookId, deliveryId: test.body.id } };
    },
  },
  listNotifications: {},
  markNotificationsRead: { body: () => ({}) },
};

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function operationsOf(doc: ReturnType<typeof buildOpenApiDocument>): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, unknown>)) {
      if (!HTTP_METHODS.includes(method)) continue;
      const operation = op as {
        operationId: string;
        parameters?: { in: string; name: string }[];
        responses: Record<string, unknown>;
        security?: Record<string, unknown>[];
        'x-permission'?: Permission;
      };
      const pathParams = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      expect(pathParams.sort(), `${operation.operationId} declares its path parameters`).toEqual(templated.sort());
      const success = Object.keys(operation.responses).filter((status) => /^2\d\d$/.test(status));
      expect(success, `${operation.operationId} has one success status`).toHaveLength(1);
      operations.push({
        operationId: operation.operationId,
        method: method.toUpperCase() as Method,
        path,
        pathParams: templated,
        permission: operation['x-permission'],
        tenant: (operation.security ?? []).some((s) => 'bearerAuth' in s),
        successStatus: Number(success[0]),
      });
    }
  }
  return operations;
}

interface Request {
  path: string;
  body: unknown;
  /** The ids this request itself carries: echoing them back is no leak. */
  carried: string[];
}

function request(op: Operation, ids: Ids): Request {
  const c = CASES[op.operationId]!;
  const overrides = c.params?.(ids) ?? {};
  const values = Object.fromEntries(
    op.pathParams.map((name) => [name, overrides[name] ?? String(ids[PATH_PARAMS[name]!])]),
  );
  const query = c.query?.(ids);
  const path =
    op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name]!)) +
    (query ? `?${new URLSearchParams(query)}` : '');
  const body = c.body?.(ids);
  const carried = [
    ...Object.values(values),
    ...Object.values(query ?? {}),
    ...Object.values((body ?? {}) as Record<string, unknown>).map(String),
  ];
  return { path, body, carried };
}

/** Does the request change with the ids, i.e. does it point at a resource? */
const refersToIds = (op: Operation, ids: Ids, other: Ids) =>
  JSON.stringify(request(op, ids)) !== JSON.stringify(request(op, other));

function randomIds(): Ids {
  return {
    workspaceId: randomUUID(),
    slug: `zz-${randomBytes(6).toString('hex')}`,
    boardId: randomUUID(),
    columnId: randomUUID(),
    moveColumnId: randomUUID(),
    emptyColumnId: randomUUID(),
    ticketId: randomUUID(),
    ticketVersion: 1,
    archivedTicketId: randomUUID(),
    archivedTicketVersion: 2,
    commentId: randomUUID(),
    invitationId: randomUUID(),
    invitationToken: `tinv_${randomBytes(32).toString('base64url')}`,
    userId: randomUUID(),
    tokenId: randomUUID(),
    webhookId: randomUUID(),
    deliveryId: randomUUID(),
  };
}

const idsOf = (t: Tenant): Ids => ({
  workspaceId: t.workspaceId,
  slug: t.slug,
  boardId: t.boardId,
  columnId: t.columnIds[0]!,
  moveColumnId: t.columnIds[1]!,
  emptyColumnId: t.columnIds[2]!,
  ticketId: t.ticketIds[0]!,
  ticketVersion: t.ticketVersion,
  archivedTicketId: t.archivedTicketId,
  archivedTicketVersion: t.archivedTicketVersion,
  commentId: t.commentId,
  invitationId: t.invitationId,
  invitationToken: t.invitationToken,
  userId: t.member.id,
  tokenId: t.apiTokenId,
  webhookId: t.webhookId,
  deliveryId: t.deliveryId,
});

interface BCaller {
  label: string;
  role: Role;
  kind: 'session' | 'token';
  caller: Caller;
}

const doc = buildOpenApiDocument();
const operations = operationsOf(doc).sort(
  (x, y) => Number(!!CASES[x.operationId]?.last) - Number(!!CASES[y.operationId]?.last),
);
const is2xx = (status: number) => status >= 200 && status < 300;
const call = (caller: Caller, op: Operation, req: Request): Promise<ApiResponse> =>
  api(caller, op.method, req.path, req.body);

let a: Tenant;
let b: Tenant;
let aIds: Ids;
let aBefore: Record<string, unknown>;
let aSecrets: string[];
let bCallers: BCaller[];

beforeAll(async () => {
  [a, b] = await Promise.all([buildTenant('ALPHA'), buildTenant('BRAVO')]);
  aIds = idsOf(a);
  aSecrets = secretsOf(a);
  const [bAdmin, bViewer] = await Promise.all([signUp('Bravo admin'), signUp('Bravo viewer')]);
  await addMember(b.ownerCaller, bAdmin, 'admin');
  await addMember(b.ownerCaller, bViewer, 'viewer');
  const bMemberToken = await createToken(b.ownerCaller, 'member');
  const bViewerToken = await createToken(b.ownerCaller, 'viewer');
  bCallers = [
    { label: 'B owner (session)', role: 'owner', kind: 'session', caller: b.ownerCaller },
    { label: 'B admin (session)', role: 'admin', kind: 'session', caller: as(bAdmin, b.workspaceId) },
    { label: 'B member (session)', role: 'member', kind: 'session', caller: as(b.member, b.workspaceId) },
    { label: 'B viewer (session)', role: 'viewer', kind: 'session', caller: as(bViewer, b.workspaceId) },
    { label: 'B admin token', role: 'admin', kind: 'token', caller: { token: b.apiToken } },
    { label: 'B member token', role: 'member', kind: 'token', caller: { token: bMemberToken.token } },
    { label: 'B viewer token', role: 'viewer', kind: 'token', caller: { token: bViewerToken.token } },
  ];
  aBefore = await snapshot(a);
}, 120_000);

describe('cross-tenant matrix over every /api/v1 operation', () => {
  it('the operations come from the OpenAPI document, and every one has a case', () => {
    expect(operations.length).toBeGreaterThan(25);
    const ids = operations.map((op) => op.operationId);
    expect(new Set(ids).size, 'operationIds are unique').toBe(ids.length);
    expect(
      ids.filter((id) => !CASES[id]),
      'operations without an entry in CASES — add one',
    ).toEqual([]);
    expect(
      Object.keys(CASES).filter((id) => !ids.includes(id)),
      'CASES for operations no longer in the document',
    ).toEqual([]);
    const unknownParams = operations.flatMap((op) => op.pathParams).filter((name) => !PATH_PARAMS[name]);
    expect(unknownParams, 'path parameters without a source in PATH_PARAMS').toEqual([]);
    expect(operations.filter((op) => op.pathParams.length > 0).length).toBeGreaterThan(15);
  });

  it('every route file under app/api/v1 serves an operation of the document (so none escapes the matrix)', () => {
    const endpointModules = import.meta.glob<Record<string, unknown>>('../../src/modules/*/endpoints.ts', {
      eager: true,
    });
    const byName = new Map(
      Object.values(endpointModules).flatMap((module) => Object.entries(module)) as [string, Endpoint][],
    );
    const root = path.resolve(import.meta.dirname, '../../app/api/v1');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('route.ts'));
    const served: string[] = [];
    for (const file of files) {
      const urlPath = `/${path.dirname(file)}`.replace(/\/\.$/, '').replace(/\[(\w+)\]/g, '{$1}');
      const source = readFileSync(path.join(root, file), 'utf8');
      const exported = [
        ...source.matchAll(
          /export\s+(?:const|async function|function)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b(.*)/g,
        ),
      ];
      expect(exported.length, `${file} exports handlers`).toBeGreaterThan(0);
      for (const [, method, rest] of exported) {
        const wrapped = /^\s*=\s*handle\((\w+)\)/.exec(rest!)?.[1];
        if (!wrapped) {
          // Only the catch-all 404, the document itself and the live event stream are not JSON operations; the
          // stream authenticates like the API and its cross-tenant 404s are asserted in ui-realtime.test.ts.
          expect(
            ['/[...rest]', '/openapi.json', '/boards/{boardId}/events'],
            `${method} ${urlPath} is not handle(<endpoint>)`,
          ).toContain(urlPath);
          continue;
        }
        const endpoint = byName.get(wrapped);
        expect(endpoint, `${file}: ${wrapped} is not an exported endpoint`).toBeDefined();
        expect(apiV1, `${wrapped} is not in apiV1 (so not in the document)`).toContain(endpoint);
        expect(`${endpoint!.method} ${endpoint!.path}`, file).toBe(`${method} ${urlPath}`);
        served.push(endpoint!.operationId);
      }
    }
    expect(served.sort()).toEqual(operations.map((op) => op.operationId).sort());
  });

  it('session users of B choosing A’s workspace (by id or slug) get 404 from every tenant operation', async () => {
    const tenantOps = operations.filter((op) => op.tenant);
    expect(tenantOps.length).toBeGreaterThan(25);
    let calls = 0;
    for (const op of tenantOps) {
      const req = request(op, aIds);
      for (const who of bCallers.filter((c) => c.kind === 'session')) {
        for (const workspace of [a.workspaceId, a.slug]) {
          const response = await call({ ...who.caller, workspace }, op, req);
          expect(
            response.status,
            `${who.label} ${op.operationId} with x-tika-workspace=${workspace === a.slug ? 'slug' : 'id'}`,
          ).toBe(404);
          expectNoSecrets(
            response.body,
            aSecrets.filter((s) => !req.carried.includes(s)),
            `${who.label} ${op.operationId}`,
          );
          calls++;
        }
      }
    }
    expect(calls).toBe(tenantOps.length * 4 * 2);
    // A token's workspace is the token's: the header cannot move it.
    for (const who of bCallers.filter((c) => c.kind === 'token')) {
      const response = await api({ ...who.caller, workspace: a.workspaceId }, 'GET', '/workspace');
      expectStatus(response, 200, who.label);
      expect(response.body.id).toBe(b.workspaceId);
    }
    expect(await snapshot(a)).toEqual(aBefore);
  }, 120_000);

  it('every role of B, by session and by token, gets 404 — never 2xx, never a tell-tale 403 — for A’s ids', async () => {
    const random = randomIds();
    const outcomes: string[] = [];
    for (const op of operations) {
      const c = CASES[op.operationId]!;
      const withA = request(op, aIds);
      const withRandom = request(op, random);
      const refers = refersToIds(op, aIds, random);
      for (const who of bCallers) {
        const context = `${who.label} ${op.method} ${withA.path} (${op.operationId})`;
        const response = await call(who.caller, op, withA);
        outcomes.push(`${op.operationId}/${who.label}: ${response.status}`);
        expectNoSecrets(
          response.body,
          aSecrets.filter((s) => !withA.carried.includes(s)),
          context,
        );
        if (!op.tenant && who.kind === 'token') {
          expect(response.status, `${context}: session-only`).toBe(401);
          continue;
        }
        if (!refers) continue; // nothing of A's to point at: the call acts on B's own workspace, checked above for leaks
        // A's id must be indistinguishable from an id that exists nowhere.
        const control = await call(who.caller, op, withRandom);
        if (c.distinguishable) {
          expect([403, 404, 409], `${context}: ${response.status}`).toContain(response.status);
        } else {
          expect(response.status, `${context}: A’s id answered differently from a random id (${control.status})`).toBe(
            control.status,
          );
        }
        const allowed = op.permission === undefined || rolePermissions[who.role].has(op.permission);
        if (op.pathParams.length > 0) {
          expect(is2xx(response.status), `${context}: ${JSON.stringify(response.body)}`).toBe(false);
          if (allowed) expect(response.status, `${context}: ${JSON.stringify(response.body)}`).toBe(404);
          else expect([403, 404], context).toContain(response.status);
        } else if (is2xx(response.status)) {
          expect(c.emptyForForeign, `${context} succeeded with A’s ids: ${JSON.stringify(response.body)}`).toBe(true);
          expect(response.body.data, context).toEqual([]);
        } else {
          expect([401, 403, 404, 409, 422], `${context}: ${JSON.stringify(response.body)}`).toContain(response.status);
        }
      }
    }
    expect(outcomes.length).toBe(operations.length * bCallers.length);
    expect(await snapshot(a)).toEqual(aBefore);
  }, 120_000);

  it('B cannot point its own resources at A’s: bodies and filters naming A’s ids fail or come back empty', async () => {
    const bIds = idsOf(b);
    const owner = b.ownerCaller;
    const bTicket = (await api(owner, 'GET', `/tickets/${bIds.ticketId}`)).body;
    // Each attempt names a foreign resource `f`: A's, then one that exists nowhere. Both must fail alike.
    const attempts: ((f: Ids) => [Method, string, unknown])[] = [
      (f) => ['POST', '/tickets', { columnId: bIds.columnId, title: 'x', assigneeId: f.userId }],
      (f) => ['POST', '/tickets', { columnId: bIds.columnId, title: 'x', afterId: f.ticketId }],
      (f) => ['POST', '/tickets', { columnId: bIds.columnId, title: 'x', beforeId: f.ticketId }],
      (f) => ['PATCH', `/tickets/${bIds.ticketId}`, { version: bTicket.version, assigneeId: f.userId }],
      (f) => ['POST', `/tickets/${bIds.ticketId}/move`, { version: bTicket.version, columnId: f.moveColumnId }],
      (f) => [
        'POST',
        `/tickets/${bIds.ticketId}/move`,
        { version: bTicket.version, columnId: bIds.moveColumnId, afterId: f.ticketId },
      ],
      (f) => ['POST', `/boards/${bIds.boardId}/columns`, { name: 'x', afterColumnId: f.columnId }],
      (f) => ['PATCH', `/columns/${bIds.columnId}`, { afterColumnId: f.columnId }],
      (f) => ['POST', '/workspace/transfer-ownership', { userId: f.userId }],
      (f) => ['PATCH', `/members/${f.userId}`, { role: 'viewer' }],
      (f) => ['DELETE', `/members/${f.userId}`, undefined],
    ];
    const bBefore = await snapshot(b);
    const random = randomIds();
    for (const attempt of attempts) {
      const [method, path, body] = attempt(aIds);
      const response = await api(owner, method, path, body);
      const context = `${method} ${path} ${JSON.stringify(body)} → ${response.status} ${JSON.stringify(response.body)}`;
      expect(is2xx(response.status), context).toBe(false);
      const [, controlPath, controlBody] = attempt(random);
      const control = await api(owner, method, controlPath, controlBody);
      expect(response.status, `${context}; an id that exists nowhere gets ${control.status}`).toBe(control.status);
      expectNoSecrets(
        response.body,
        aSecrets.filter((s) => !JSON.stringify(body ?? null).includes(s) && !path.includes(s)),
        context,
      );
    }
    for (const query of [
      `columnId=${aIds.columnId}`,
      `assigneeId=${a.member.id}`,
      `boardId=${aIds.boardId}&archived=true`,
      `q=${a.marker}`,
    ]) {
      const response = await api(owner, 'GET', `/tickets?${query}`);
      expectStatus(response, 200, query);
      expect(response.body.data, query).toEqual([]);
    }
    for (const query of [`actorId=${a.owner.id}`, `resourceId=${aIds.boardId}`, `resourceId=${a.workspaceId}`]) {
      const response = await api(owner, 'GET', `/audit-log?${query}`);
      expectStatus(response, 200, query);
      expect(response.body.data, query).toEqual([]);
    }
    expect(await snapshot(b)).toEqual(bBefore);
    expect(await snapshot(a)).toEqual(aBefore);
  });

  it('a user in both workspaces removed from B keeps A’s membership and A’s assignments', async () => {
    await addMember(b.ownerCaller, a.member, 'member');
    const bTicket = await api(b.ownerCaller, 'POST', '/tickets', {
      columnId: b.columnIds[0],
      title: 'shared',
      assigneeId: a.member.id,
    });
    expectStatus(bTicket, 201, 'assign in B');
    const removed = await api(b.ownerCaller, 'DELETE', `/members/${a.member.id}`);
    expectStatus(removed, 204, 'remove from B');
    expect((await api(b.ownerCaller, 'GET', `/tickets/${bTicket.body.id}`)).body.assigneeId).toBeNull();
    // A's ticket 1 is still assigned to them, at the same version; A's members are as before.
    expect(await snapshot(a)).toEqual(aBefore);
    expect((aBefore.tickets as { assigneeId: string | null }[])[0]!.assigneeId).toBe(a.member.id);
  });

  it('A’s owner gets the documented 2xx from every operation with A’s ids', async () => {
    const failures: string[] = [];
    for (const op of operations) {
      const c = CASES[op.operationId]!;
      const fresh = (await c.own?.(a)) ?? {};
      const ids = { ...aIds, ...fresh.ids };
      const caller = fresh.caller ?? (op.tenant ? a.ownerCaller : { cookie: a.owner.cookie });
      const req = request(op, ids);
      const response = await call(caller, op, req);
      if (response.status !== op.successStatus)
        failures.push(
          `${op.operationId} ${op.method} ${req.path}: ${response.status} ${JSON.stringify(response.body)}`,
        );
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
