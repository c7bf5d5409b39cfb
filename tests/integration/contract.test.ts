import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../src/api/openapi';
import { API_V1_PREFIX, apiV1 } from '../../src/api/v1';
import { withTenant } from '../../src/server/db/tenant';
import { handle } from '../../src/server/http/handler';
import { api, appOrigin, as, signUp, verifyEmail, type ApiResponse, type Caller, type TestUser } from '../support/api';

// Webhooks in the journey point at a closed loopback port, allowed as a self-hoster allows an internal receiver.
process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';

// The OpenAPI document is the contract: it must be a well-formed OpenAPI 3.1 document, and what the server
// actually answers — successes and errors — must validate against it. A scripted journey exercises every
// operation; each response is checked against the schema documented for its status.

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const doc = buildOpenApiDocument() as unknown as Json;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const PROBLEM_TYPE = 'application/problem+json';

interface Op {
  operationId: string;
  method: string;
  path: string;
  spec: Json;
}
const ops: Op[] = Object.entries(doc.paths as Json).flatMap(([path, item]) =>
  Object.entries(item as Json)
    .filter(([method]) => HTTP_METHODS.includes(method))
    .map(([method, spec]) => ({
      operationId: (spec as Json).operationId,
      method: method.toUpperCase(),
      path,
      spec: spec as Json,
    })),
);
const opById = new Map(ops.map((op) => [op.operationId, op]));

function resolvePointer(root: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object' || !(key in (node as Json))) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

function collectRefs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => collectRefs(item, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else collectRefs(value, found);
    }
  }
  return found;
}

// ---- JSON Schema validation (draft 2020-12, which OpenAPI 3.1 schemas are) -------------------------------

const ROOT = 'https://tika.test/openapi.json';

/**
 * Component refs point into the registered root; object schemas are closed (an undocumented property in a
 * response is a contract break), except Problem, whose extension members RFC 9457 allows.
 */
function prepare(node: unknown, close: boolean): unknown {
  if (Array.isArray(node)) return node.map((item) => prepare(item, close));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string')
      out[key] = value.replace('#/components/schemas/', `${ROOT}#/$defs/`);
    else if (key === 'properties')
      out[key] = Object.fromEntries(
        Object.entries(value as Json).map(([name, schema]) => [name, prepare(schema, close)]),
      );
    else out[key] = prepare(value, close);
  }
  if (close && out.type === 'object' && out.properties && out.additionalProperties === undefined)
    out.additionalProperties = false;
  return out;
}

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
ajv.addSchema({
  $id: ROOT,
  $defs: Object.fromEntries(
    Object.entries(doc.components.schemas as Json).map(([name, schema]) => [name, prepare(schema, name !== 'Problem')]),
  ),
});
const validators = new Map<string, ValidateFunction>();
function validatorFor(schema: Json): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(prepare(schema, true) as Json);
    validators.set(key, validate);
  }
  return validate;
}

// ---- the journey's caller: every response is checked against the document -------------------------------

const seen = new Set<string>();

/** Checks one response against what the document declares for its operation and status. */
function checkResponse(op: Op, response: ApiResponse, context: string): void {
  const status = String(response.status);
  const declared = op.spec.responses[status] as Json | undefined;
  expect(
    declared,
    `${context}: status ${status} is not documented for ${op.operationId} (${JSON.stringify(response.body)})`,
  ).toBeDefined();
  seen.add(`${op.operationId} ${status}`);
  if (!declared!.content) {
    expect(response.body, `${context}: ${status} has no documented body`).toBeNull();
    return;
  }
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const media = declared!.content[contentType] as Json | undefined;
  expect(
    media,
    `${context}: content-type ${contentType} is not documented for ${status} (${Object.keys(declared!.content).join(', ')})`,
  ).toBeDefined();
  const validate = validatorFor(media!.schema);
  expect(
    validate(response.body),
    `${context}: body breaks the schema: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(response.body).slice(0, 600)}`,
  ).toBe(true);
  if (response.status >= 400) {
    expect(contentType, context).toBe(PROBLEM_TYPE);
    expect(response.body.status, context).toBe(response.status);
    expect(response.body.requestId, context).toBe(response.headers.get('x-request-id'));
  }
}

async function call(
  caller: Caller,
  operationId: string,
  options: { params?: Record<string, string>; query?: Record<string, string>; body?: unknown } = {},
): Promise<ApiResponse> {
  const op = opById.get(operationId);
  if (!op) throw new Error(`no operation ${operationId} in the document`);
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = options.params?.[name];
    if (value === undefined) throw new Error(`${operationId} needs path parameter ${name}`);
    return encodeURIComponent(value);
  });
  const response = await api(
    caller,
    op.method,
    options.query ? `${path}?${new URLSearchParams(options.query)}` : path,
    options.body,
  );
  checkResponse(op, response, `${op.method} ${path}`);
  return response;
}

function expectStatus(response: ApiResponse, status: number): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
}

/** A raw request straight to the route handler, for malformed bodies the api() helper cannot send. */
async function raw(
  operationId: string,
  caller: Caller,
  init: { body: string; contentType: string },
): Promise<ApiResponse> {
  const op = opById.get(operationId)!;
  const endpoint = apiV1.find((e) => e.operationId === operationId)!;
  const headers = new Headers({ cookie: caller.cookie ?? '', 'content-type': init.contentType, origin: appOrigin() });
  if (caller.workspace) headers.set('x-tika-workspace', caller.workspace);
  const response = await handle(endpoint)(
    new Request(`http://localhost${API_V1_PREFIX}${op.path}`, { method: op.method, headers, body: init.body }),
    { params: Promise.resolve({}) },
  );
  const text = await response.text();
  const result = { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
  checkResponse(op, result, `raw ${op.method} ${op.path}`);
  return result;
}

// ---- tests -----------------------------------------------------------------------------------------------

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 in shape: version, info, servers, security schemes, unique operationIds', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toEqual(expect.any(String));
    expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(doc.servers).toEqual([{ url: API_V1_PREFIX }]);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearerAuth', 'sessionCookie']);
    expect(ops.length).toBeGreaterThan(25);
    expect(ops.length).toBe(apiV1.length);
    const ids = ops.map((op) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const path of Object.keys(doc.paths))
      expect(path, 'paths are relative to the server and templated with {name}').toMatch(/^\/[a-z0-9\-/{}A-Z]*$/);
  });

  it('every operation has an operationId, tags, a summary, security that exists, and documented responses', () => {
    for (const op of ops) {
      const where = `${op.method} ${op.path}`;
      expect(op.spec.tags, where).toEqual(expect.arrayContaining([expect.any(String)]));
      expect(op.spec.summary, where).toEqual(expect.any(String));
      expect(Object.keys(op.spec.responses).length, where).toBeGreaterThan(0);
      expect(
        Object.keys(op.spec.responses).filter((s) => /^2\d\d$/.test(s)),
        where,
      ).toHaveLength(1);
      for (const requirement of op.spec.security ?? []) {
        for (const scheme of Object.keys(requirement))
          expect(doc.components.securitySchemes[scheme], `${where} uses ${scheme}`).toBeDefined();
      }
      for (const [status, response] of Object.entries(op.spec.responses as Json)) {
        expect(status, where).toMatch(/^[1-5]\d\d$/);
        expect(response.description, `${where} ${status}`).toEqual(expect.any(String));
        for (const media of Object.values((response.content ?? {}) as Json))
          expect(media.schema, `${where} ${status}`).toBeDefined();
        if (Number(status) >= 400) {
          expect(response.content, `${where} ${status} is problem+json`).toEqual({
            [PROBLEM_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } },
          });
        }
      }
      expect(op.spec.responses['401'], `${where} documents 401`).toBeDefined();
      expect(op.spec.responses['500'], `${where} documents 500`).toBeDefined();
      if (op.spec.requestBody) {
        expect(op.spec.requestBody.content['application/json']?.schema, where).toBeDefined();
        expect(op.spec.responses['422'], `${where} has a body, so documents 422`).toBeDefined();
      }
    }
  });

  it('path parameters are declared, required and match the template; query parameters are not required unless needed', () => {
    for (const op of ops) {
      const templated = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const parameters = (op.spec.parameters ?? []) as Json[];
      const inPath = parameters.filter((p) => p.in === 'path');
      expect(inPath.map((p) => p.name).sort(), op.operationId).toEqual(templated);
      for (const parameter of parameters) {
        expect(['path', 'query', 'header', 'cookie'], op.operationId).toContain(parameter.in);
        expect(parameter.schema, `${op.operationId}.${parameter.name}`).toBeDefined();
        if (parameter.in === 'path') expect(parameter.required, `${op.operationId}.${parameter.name}`).toBe(true);
      }
    }
  });

  it('every $ref resolves, and every component schema is a valid draft 2020-12 schema', () => {
    const refs = collectRefs(doc);
    expect(refs.length).toBeGreaterThan(50);
    const broken = [...new Set(refs)].filter((ref) => resolvePointer(doc, ref) === undefined);
    expect(broken).toEqual([]);
    for (const [name, schema] of Object.entries(doc.components.schemas as Json)) {
      expect(ajv.validateSchema(prepare(schema, false) as Json), `${name}: ${ajv.errorsText(ajv.errors)}`).toBe(true);
    }
    expect(doc.components.schemas.Problem.required).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'code', 'detail', 'requestId']),
    );
  });
});

describe('server responses match the document', () => {
  let owner: TestUser;
  let second: TestUser;
  let third: TestUser;
  let ownerCaller: Caller;

  beforeAll(async () => {
    [owner, second, third] = await Promise.all([
      signUp('Contract Owner'),
      signUp('Contract Second'),
      signUp('Contract Third'),
    ]);
    ownerCaller = as(owner);
  }, 120_000);

  it('a full journey through every operation validates against the response schemas', async () => {
    expectStatus(await call({ cookie: owner.cookie }, 'getMe'), 200);
    const workspace = await call(ownerCaller, 'getWorkspace');
    expectStatus(workspace, 200);
    expectStatus(await call(ownerCaller, 'updateWorkspace', { body: { name: 'Contract workspace' } }), 200);

    // Boards and columns.
    const board = await call(ownerCaller, 'createBoard', {
      body: { name: 'Contract board', description: 'the journey' },
    });
    expectStatus(board, 201);
    const boardId = board.body.id as string;
    const [todo, doing] = board.body.columns as { id: string }[];
    expectStatus(await call(ownerCaller, 'listBoards', { query: { includeArchived: 'true' } }), 200);
    expectStatus(
      await call(ownerCaller, 'updateBoard', { params: { boardId }, body: { description: 'updated' } }),
      200,
    );
    const column = await call(ownerCaller, 'createColumn', {
      params: { boardId },
      body: { name: 'Review', wipLimit: 3, afterColumnId: doing!.id },
    });
    expectStatus(column, 201);
    expectStatus(
      await call(ownerCaller, 'updateColumn', {
        params: { columnId: column.body.id },
        body: { name: 'Code review', wipLimit: null },
      }),
      200,
    );

    // Tickets.
    const first = await call(ownerCaller, 'createTicket', {
      body: {
        columnId: todo!.id,
        title: 'First',
        description: '**bold**',
        priority: 'high',
        labels: ['api'],
        dueDate: '2030-01-31',
        assigneeId: owner.id,
      },
    });
    expectStatus(first, 201);
    const secondTicket = await call(ownerCaller, 'createTicket', {
      body: { columnId: todo!.id, title: 'Second', afterId: first.body.id },
    });
    expectStatus(secondTicket, 201);
    expectStatus(await call(ownerCaller, 'getBoard', { params: { boardId }, query: { perColumn: '1' } }), 200);
    const listed = await call(ownerCaller, 'listTickets', { query: { boardId, limit: '1' } });
    expectStatus(listed, 200);
    expect(listed.body.nextCursor).toEqual(expect.any(String));
    expectStatus(
      await call(ownerCaller, 'listTickets', {
        query: { columnId: todo!.id, cursor: listed.body.nextCursor, limit: '1' },
      }),
      200,
    );
    expectStatus(await call(ownerCaller, 'getTicket', { params: { ticketId: first.body.id } }), 200);
    const updated = await call(ownerCaller, 'updateTicket', {
      params: { ticketId: first.body.id },
      body: { version: 1, title: 'First, edited', assigneeId: null },
    });
    expectStatus(updated, 200);
    const stale = await call(ownerCaller, 'updateTicket', {
      params: { ticketId: first.body.id },
      body: { version: 1, title: 'lost update' },
    });
    expectStatus(stale, 409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const moved = await call(ownerCaller, 'moveTicket', {
      params: { ticketId: first.body.id },
      body: { version: updated.body.version, columnId: doing!.id },
    });
    expectStatus(moved, 200);
    const archived = await call(ownerCaller, 'archiveTicket', {
      params: { ticketId: first.body.id },
      body: { version: moved.body.version },
    });
    expectStatus(archived, 200);
    expectStatus(
      await call(ownerCaller, 'restoreTicket', {
        params: { ticketId: first.body.id },
        body: { version: archived.body.version },
      }),
      200,
    );

    // Comments.
    const comment = await call(ownerCaller, 'createComment', {
      params: { ticketId: first.body.id },
      body: { body: 'Looks good' },
    });
    expectStatus(comment, 201);
    expectStatus(await call(ownerCaller, 'listComments', { params: { ticketId: first.body.id } }), 200);
    expectStatus(await call(ownerCaller, 'listTicketActivity', { params: { ticketId: first.body.id } }), 200);
    expectStatus(await call(ownerCaller, 'deleteComment', { params: { commentId: comment.body.id } }), 204);

    // Invitations and members.
    const invitation = await call(ownerCaller, 'createInvitation', {
      body: { role: 'viewer', email: second.email, expiresInDays: 3 },
    });
    expectStatus(invitation, 201);
    expectStatus(await call(ownerCaller, 'listInvitations'), 200);
    // What the link leads to, asked by the invitee before and after accepting, and by someone else (403 as accepting).
    const preview = await call({ cookie: second.cookie }, 'previewInvitation', {
      body: { token: invitation.body.token },
    });
    expectStatus(preview, 200);
    // Bound to the invitee's address, not verified yet: the page must not offer Accept (accepting answers 403).
    expect(preview.body).toMatchObject({
      status: 'pending',
      role: 'viewer',
      canAccept: false,
      reason: 'email-not-verified',
    });
    expectStatus(
      await call({ cookie: third.cookie }, 'previewInvitation', { body: { token: invitation.body.token } }),
      403,
    );
    expectStatus(
      await call({ cookie: second.cookie }, 'previewInvitation', { body: { token: `tinv_${'x'.repeat(43)}` } }),
      404,
    );
    const wrongInvitee = await call({ cookie: third.cookie }, 'acceptInvitation', {
      body: { token: invitation.body.token },
    });
    expectStatus(wrongInvitee, 403);
    const unverified = await call({ cookie: second.cookie }, 'acceptInvitation', {
      body: { token: invitation.body.token },
    });
    expectStatus(unverified, 403);
    expect(unverified.body.code).toBe('EMAIL_NOT_VERIFIED');
    await verifyEmail(second);
    const verified = await call({ cookie: second.cookie }, 'previewInvitation', {
      body: { token: invitation.body.token },
    });
    expect(verified.body).toMatchObject({ status: 'pending', canAccept: true, reason: null });
    expectStatus(
      await call({ cookie: second.cookie }, 'acceptInvitation', { body: { token: invitation.body.token } }),
      200,
    );
    expectStatus(
      await call({ cookie: second.cookie }, 'acceptInvitation', { body: { token: invitation.body.token } }),
      409,
    );
    const afterAccept = await call({ cookie: second.cookie }, 'previewInvitation', {
      body: { token: invitation.body.token },
    });
    expectStatus(afterAccept, 200);
    expect(afterAccept.body).toMatchObject({ status: 'accepted', canAccept: false, reason: 'already-member' });
    const viewer = as(second, owner.workspaceId);
    const forbidden = await call(viewer, 'createTicket', { body: { columnId: todo!.id, title: 'not allowed' } });
    expectStatus(forbidden, 403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    expectStatus(await call(ownerCaller, 'listMembers'), 200);
    expectStatus(
      await call(ownerCaller, 'changeMemberRole', { params: { userId: second.id }, body: { role: 'member' } }),
      200,
    );
    const pending = await call(ownerCaller, 'createInvitation', { body: { role: 'member' } });
    expectStatus(pending, 201);
    expectStatus(await call(ownerCaller, 'revokeInvitation', { params: { invitationId: pending.body.id } }), 200);
    const forThird = await call(ownerCaller, 'createInvitation', { body: { role: 'member' } });
    expectStatus(
      await call({ cookie: third.cookie }, 'acceptInvitation', { body: { token: forThird.body.token } }),
      200,
    );
    expectStatus(await call(ownerCaller, 'removeMember', { params: { userId: third.id } }), 204);

    // API tokens.
    const token = await call(ownerCaller, 'createApiToken', {
      body: { name: 'CI', role: 'member', expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    expectStatus(token, 201);
    expectStatus(await call(ownerCaller, 'listApiTokens'), 200);
    expectStatus(await call({ token: token.body.token }, 'listTickets', { query: { boardId } }), 200);
    expectStatus(await call(ownerCaller, 'revokeApiToken', { params: { tokenId: token.body.id } }), 200);
    const revoked = await call({ token: token.body.token }, 'getWorkspace');
    expectStatus(revoked, 401);
    expect(revoked.body.code).toBe('UNAUTHENTICATED');

    // Audit log, with a filter and a cursor.
    const audit = await call(ownerCaller, 'listAuditLog', { query: { limit: '2', resourceType: 'ticket' } });
    expectStatus(audit, 200);
    expect(audit.body.data.length).toBe(2);
    expectStatus(await call(ownerCaller, 'listAuditLog', { query: { cursor: audit.body.nextCursor } }), 200);

    // Usage metering and feature flags.
    expectStatus(await call(ownerCaller, 'getUsage'), 200);
    expectStatus(await call(ownerCaller, 'listFlags'), 200);
    expectStatus(await call(ownerCaller, 'updateFlags', { body: { overrides: { KANBAN_SWIMLANES: true } } }), 200);

    // Workspace label colours: set one, then the list carries it.
    expectStatus(await call(ownerCaller, 'setLabelColour', { body: { name: 'contract', colour: 'teal' } }), 200);
    expectStatus(await call(ownerCaller, 'listLabels'), 200);

    // Webhooks (docs/webhooks.md): create (secret shown once), read, change, rotate, a test event and its delivery,
    // another attempt at a dead-lettered delivery, delete. Nothing runs the jobs here: deliveries stay queued.
    const hook = await call(ownerCaller, 'createWebhook', {
      body: { url: 'http://127.0.0.1:9/contract', events: ['ticket.created'], description: 'contract' },
    });
    expectStatus(hook, 201);
    expect(hook.body.secret).toMatch(/^whsec_/);
    const webhookId = hook.body.id as string;
    expectStatus(await call(ownerCaller, 'listWebhooks'), 200);
    expectStatus(await call(ownerCaller, 'getWebhook', { params: { webhookId } }), 200);
    expectStatus(
      await call(ownerCaller, 'updateWebhook', {
        params: { webhookId },
        body: { events: ['ticket.*', 'comment.created'] },
      }),
      200,
    );
    expectStatus(await call(ownerCaller, 'rotateWebhookSecret', { params: { webhookId } }), 200);
    const probe = await call(ownerCaller, 'sendWebhookTestEvent', { params: { webhookId } });
    expectStatus(probe, 201);
    const deliveryId = probe.body.id as string;
    expectStatus(await call(ownerCaller, 'listWebhookDeliveries', { params: { webhookId } }), 200);
    expectStatus(await call(ownerCaller, 'getWebhookDelivery', { params: { webhookId, deliveryId } }), 200);
    // Dead-letter it as the last retry would, then ask for another attempt.
    await withTenant(owner.workspaceId, (tx) =>
      tx.execute(sql`update webhook_deliveries set status = 'failed' where id = ${deliveryId}`),
    );
    expectStatus(await call(ownerCaller, 'retryWebhookDelivery', { params: { webhookId, deliveryId } }), 201);
    expectStatus(await call(ownerCaller, 'deleteWebhook', { params: { webhookId } }), 204);

    // In-app notifications (reminders, disabled webhooks): the list and marking all read.
    expectStatus(await call(ownerCaller, 'listNotifications'), 200);
    expectStatus(await call(ownerCaller, 'markNotificationsRead', { body: {} }), 200);

    // Tear down: ticket, column, board.
    expectStatus(await call(ownerCaller, 'deleteTicket', { params: { ticketId: secondTicket.body.id } }), 204);
    expectStatus(await call(ownerCaller, 'deleteColumn', { params: { columnId: column.body.id } }), 204);
    expectStatus(await call(ownerCaller, 'deleteBoard', { params: { boardId } }), 204);

    // Ownership: hand the workspace to the second user, then leave it.
    expectStatus(await call(ownerCaller, 'transferOwnership', { body: { userId: second.id } }), 204);
    expectStatus(await call(ownerCaller, 'leaveWorkspace'), 204);

    // A second workspace, deleted again.
    const extra = await call({ cookie: owner.cookie }, 'createWorkspace', {
      body: { name: 'Scratch', slug: `scratch-${randomUUID().slice(0, 8)}` },
    });
    expectStatus(extra, 201);
    expectStatus(await call(as(owner, extra.body.id), 'deleteWorkspace', { body: { confirm: extra.body.slug } }), 204);

    const missing = ops
      .filter((op) => !seen.has(`${op.operationId} ${Object.keys(op.spec.responses).find((s) => /^2/.test(s))}`))
      .map((op) => op.operationId);
    expect(missing, 'operations the journey never exercised with their success status').toEqual([]);
  }, 60_000);

  it('error responses are problem+json and match the Problem schema: 400, 401, 403, 404, 409, 415, 422', async () => {
    const user = await signUp('Errors');
    const caller = as(user);
    const statuses = new Set<number>();
    const check = (response: ApiResponse, status: number, code: string) => {
      expectStatus(response, status);
      expect(response.body.code).toBe(code);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      statuses.add(status);
    };
    check(await call({}, 'getWorkspace'), 401, 'UNAUTHENTICATED');
    check(await call({ token: 'tika_not-a-real-token' }, 'listBoards'), 401, 'UNAUTHENTICATED');
    check(await call({}, 'getMe'), 401, 'UNAUTHENTICATED');
    check(await call(caller, 'getTicket', { params: { ticketId: randomUUID() } }), 404, 'NOT_FOUND');
    check(await call(caller, 'getTicket', { params: { ticketId: 'not-a-uuid' } }), 404, 'NOT_FOUND');
    check(await call({ ...caller, workspace: randomUUID() }, 'listBoards'), 404, 'NOT_FOUND');
    const invalid = await call(caller, 'createBoard', { body: { name: '', columns: 'not a list' } });
    check(invalid, 422, 'VALIDATION_FAILED');
    expect(invalid.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['body.name', 'body.columns']),
    );
    check(await call(caller, 'listTickets', { query: { limit: '0' } }), 422, 'VALIDATION_FAILED');
    const taken = await call({ cookie: user.cookie }, 'createWorkspace', {
      body: { name: 'Dup', slug: `dup-${randomUUID().slice(0, 8)}` },
    });
    expectStatus(taken, 201);
    check(
      await call({ cookie: user.cookie }, 'createWorkspace', { body: { name: 'Dup again', slug: taken.body.slug } }),
      409,
      'CONFLICT',
    );
    check(await call(caller, 'transferOwnership', { body: { userId: user.id } }), 409, 'CONFLICT');
    // A viewer token cannot create.
    const token = await call(caller, 'createApiToken', { body: { name: 'ro', role: 'viewer' } });
    check(await call({ token: token.body.token }, 'createBoard', { body: { name: 'nope' } }), 403, 'FORBIDDEN');
    check(await raw('createBoard', caller, { body: '{"name": ', contentType: 'application/json' }), 400, 'BAD_REQUEST');
    check(
      await raw('createBoard', caller, { body: 'name=x', contentType: 'application/x-www-form-urlencoded' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect([...statuses].sort()).toEqual([400, 401, 403, 404, 409, 415, 422]);
  }, 60_000);
});
