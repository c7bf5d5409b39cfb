'use client';

import type { Schemas } from './client';
import { ApiError, describeError, networkError, problemError } from './client';

// The client's types are the OpenAPI document's (src/ui/client/schema.gen.ts, generated in the build): one shape
// from the zod schema to the DTO to the browser, and the bundle never carries the server's zod schemas.
export type Board = Schemas['Board'];
export type BoardView = Schemas['BoardView'];
export type Column = Schemas['Column'];
export type TicketSummary = Schemas['TicketSummary'];
export type Ticket = Schemas['Ticket'];
export type Me = Schemas['Me'];
export type MyWorkspace = Schemas['MyWorkspace'];
export type Workspace = Schemas['Workspace'];
export type Member = Schemas['Member'];
export type Invitation = Schemas['Invitation'];
export type CreatedInvitation = Schemas['CreatedInvitation'];
export type ApiToken = Schemas['ApiToken'];
export type CreatedApiToken = Schemas['CreatedApiToken'];
export type AuditEntry = Schemas['AuditEntry'];
export type TicketActivity = Schemas['TicketActivity'];
export type Comment = Schemas['Comment'];
export { ApiError, describeError };
export type Page<T> = { data: T[]; nextCursor: string | null };
export type Priority = TicketSummary['priority'];
export const priorities: Priority[] = ['urgent', 'high', 'medium', 'low', 'none'];

export interface CallOptions {
  workspace?: string;
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  signal?: AbortSignal;
}

export async function apiCall<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
  const url = new URL(`/api/v1${path}`, window.location.origin);
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.workspace) headers['x-tika-workspace'] = options.workspace;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw networkError();
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) throw problemError(response, data);
  return data as T;
}

/** Bound to one workspace (the x-tika-workspace header). */
export function workspaceApi(workspace: string) {
  return {
    get: <T>(path: string, query?: CallOptions['query'], signal?: AbortSignal) =>
      apiCall<T>('GET', path, { workspace, query, signal }),
    post: <T>(path: string, body?: unknown) => apiCall<T>('POST', path, { workspace, body: body ?? {} }),
    patch: <T>(path: string, body: unknown) => apiCall<T>('PATCH', path, { workspace, body }),
    del: (path: string, body?: unknown) => apiCall<void>('DELETE', path, { workspace, body }),
  };
}
export type WorkspaceApi = ReturnType<typeof workspaceApi>;
