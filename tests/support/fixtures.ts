import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { apiV1, API_V1_PREFIX } from '../../src/api/v1';
import { getAuth } from '../../src/api/auth';
import { handle } from '../../src/server/http/handler';
import { api, appOrigin, as, signUp, type ApiResponse, type Caller, type TestUser } from './api';

/** Opens (and on PGlite migrates) the database and the auth library in beforeAll, outside any test's timeout. */
export async function warmUp(): Promise<void> {
  await getAuth();
}

export type InvitedRole = 'admin' | 'member' | 'viewer';

/** A request id unique to this call, accepted by the sane-id check (so it reaches the audit row unchanged). */
export const rid = (label = 'req') => `${label}-${randomUUID()}`;

/** The same caller, sending this x-request-id. */
export const withRid = (caller: Caller, requestId: string): Caller => ({
  ...caller,
  headers: { ...caller.headers, 'x-request-id': requestId },
});

/** A fresh user who joins `owner`'s workspace with `role` through a real invitation. Returns the user and a caller for that workspace. */
export async function joinAs(
  owner: TestUser,
  role: InvitedRole,
  name = `${role} user`,
): Promise<{ user: TestUser; caller: Caller }> {
  const user = await signUp(name);
  const invitation = await api(as(owner), 'POST', '/invitations', { role });
  expect(invitation.status, JSON.stringify(invitation.body)).toBe(201);
  const accepted = await api({ cookie: user.cookie }, 'POST', '/invitations/accept', { token: invitation.body.token });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  return { user, caller: as(user, owner.workspaceId) };
}

/** Asserts an RFC 9457 problem response with this status (and code), and returns its body. */
export function expectProblem(response: ApiResponse, status: number, code?: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.body).toMatchObject({
    type: expect.stringMatching(/^https:\/\//),
    title: expect.any(String),
    status,
    code: expect.any(String),
    detail: expect.any(String),
    requestId: expect.any(String),
  });
  expect(response.body.requestId).toBe(response.headers.get('x-request-id'));
  if (code) expect(response.body.code).toBe(code);
  return response.body;
}

/** Asserts a 2xx status, with the body in the failure message. */
export function ok<T extends ApiResponse>(response: T, status = 200): T {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response;
}

export async function createBoard(caller: Caller, body: Record<string, unknown> = {}) {
  const response = ok(await api(caller, 'POST', '/boards', { name: 'Board', ...body }), 201);
  return response.body as {
    id: string;
    name: string;
    columns: { id: string; name: string; position: string; wipLimit: number | null }[];
  };
}

export async function createTicket(caller: Caller, columnId: string, body: Record<string, unknown> = {}) {
  const response = ok(await api(caller, 'POST', '/tickets', { columnId, title: 'Ticket', ...body }), 201);
  return response.body as TicketDto;
}

export interface TicketDto {
  id: string;
  boardId: string;
  columnId: string;
  title: string;
  description: string;
  priority: string;
  assigneeId: string | null;
  labels: string[];
  dueDate: string | null;
  position: string;
  version: number;
  archivedAt: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  commentCount: number;
}

/** Ids of a column's active tickets in board order, read through the paginated list. */
export async function columnOrder(caller: Caller, columnId: string, limit = 200): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const response: ApiResponse = ok(
      await api(caller, 'GET', `/tickets?columnId=${columnId}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`),
    );
    ids.push(...response.body.data.map((t: TicketDto) => t.id));
    cursor = response.body.nextCursor;
  } while (cursor);
  return ids;
}

/** Ids per column as GET /boards/{id} shows them (first page of each column). */
export async function boardOrder(caller: Caller, boardId: string, perColumn = 200): Promise<Record<string, string[]>> {
  const view = ok(await api(caller, 'GET', `/boards/${boardId}?perColumn=${perColumn}`));
  return Object.fromEntries(
    view.body.columns.map((c: { id: string; tickets: TicketDto[] }) => [c.id, c.tickets.map((t) => t.id)]),
  );
}

export interface AuditEntry {
  id: string;
  actorType: 'user' | 'token' | 'system';
  actorId: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  changes: { before: any; after: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  createdAt: string;
}

/** Every audit entry of the caller's workspace, newest first, walking all pages. */
export async function auditLog(caller: Caller, query = ''): Promise<AuditEntry[]> {
  const rows: AuditEntry[] = [];
  let cursor: string | null = null;
  do {
    const response: ApiResponse = ok(
      await api(caller, 'GET', `/audit-log?limit=200${query ? `&${query}` : ''}${cursor ? `&cursor=${cursor}` : ''}`),
    );
    rows.push(...response.body.data);
    cursor = response.body.nextCursor;
  } while (cursor);
  return rows;
}

export async function auditRowsFor(caller: Caller, requestId: string): Promise<AuditEntry[]> {
  return (await auditLog(caller)).filter((row) => row.requestId === requestId);
}

/**
 * Sends a request the `api()` helper cannot express (other content type, raw body, missing auth), through the
 * same route handler.
 */
export async function rawRequest(
  operationId: string,
  init: {
    path: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    params?: Record<string, string>;
  },
): Promise<ApiResponse> {
  const endpoint = apiV1.find((e) => e.operationId === operationId);
  if (!endpoint) throw new Error(`No operation ${operationId}`);
  const method = init.method ?? endpoint.method;
  // Like a browser: a change carrying cookies names our origin (the CSRF check refuses it otherwise).
  const headers = new Headers(init.headers);
  if (headers.has('cookie') && method !== 'GET' && !headers.has('origin')) headers.set('origin', appOrigin());
  const request = new Request(`http://localhost${API_V1_PREFIX}${init.path}`, { method, headers, body: init.body });
  const response = await handle(endpoint)(request, { params: Promise.resolve(init.params ?? {}) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

export { prng } from './prng';
