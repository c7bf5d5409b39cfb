'use client';

import type { z } from 'zod';
import type { BoardDto, BoardViewDto, ColumnDto } from '@/modules/boards';
import type { TicketDto, TicketSummaryDto } from '@/modules/tickets';
import type { MeDto, MyWorkspaceDto, WorkspaceDto } from '@/modules/workspaces';
import type { MemberDto } from '@/modules/members';
import type { CreatedInvitationDto, InvitationDto } from '@/modules/invitations';
import type { ApiTokenDto, CreatedApiTokenDto } from '@/modules/tokens';
import type { AuditEntryDto, TicketActivityDto } from '@/modules/audit';
import type { CommentDto } from '@/modules/comments';

// Types only: the client bundle never carries the server's zod schemas.
export type Board = z.infer<typeof BoardDto>;
export type BoardView = z.infer<typeof BoardViewDto>;
export type Column = z.infer<typeof ColumnDto>;
export type TicketSummary = z.infer<typeof TicketSummaryDto>;
export type Ticket = z.infer<typeof TicketDto>;
export type Me = z.infer<typeof MeDto>;
export type MyWorkspace = z.infer<typeof MyWorkspaceDto>;
export type Workspace = z.infer<typeof WorkspaceDto>;
export type Member = z.infer<typeof MemberDto>;
export type Invitation = z.infer<typeof InvitationDto>;
export type CreatedInvitation = z.infer<typeof CreatedInvitationDto>;
export type ApiToken = z.infer<typeof ApiTokenDto>;
export type CreatedApiToken = z.infer<typeof CreatedApiTokenDto>;
export type AuditEntry = z.infer<typeof AuditEntryDto>;
export type TicketActivity = z.infer<typeof TicketActivityDto>;
export type Comment = z.infer<typeof CommentDto>;
export type Page<T> = { data: T[]; nextCursor: string | null };
export type Priority = TicketSummary['priority'];
export const priorities: Priority[] = ['urgent', 'high', 'medium', 'low', 'none'];

/** A problem+json answer, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: { path: string; message: string }[] = [],
    readonly requestId: string | null = null,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

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
    throw new ApiError(0, 'NETWORK', 'Could not reach Tika. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const problem = (data ?? {}) as {
      code?: string;
      detail?: string;
      title?: string;
      fields?: { path: string; message: string }[];
      requestId?: string;
    } & Record<string, unknown>;
    throw new ApiError(
      response.status,
      problem.code ?? `HTTP_${response.status}`,
      problem.detail ?? problem.title ?? `Request failed (${response.status})`,
      problem.fields ?? [],
      problem.requestId ?? response.headers.get('x-request-id'),
      problem,
    );
  }
  return data as T;
}

/** A human sentence for an error, for toasts and alerts. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'Your session has ended. Sign in again.';
    const field = error.fields[0];
    const base = field ? `${error.message}: ${field.message}` : error.message;
    return error.status >= 500 && error.requestId ? `${base} (request id ${error.requestId})` : base;
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
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
