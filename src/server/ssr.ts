import 'server-only';
import { headers } from 'next/headers';
import type { TenantContext, UserContext } from './context';
import { resolveTenant, resolveUser, WORKSPACE_HEADER } from './auth/principal';
import { requestIdFrom, requestMeta } from './http/request-meta';
import { evaluateFlags, flagDefinitions, type FlagName } from './flags';
import { isAppError, type ErrorCode } from './errors';
import { logger } from './logger';
import { captureServerError } from './sentry';

/**
 * First paint with data: pages render the signed-in user and the board on the server, through the same
 * authentication and use cases as /api/v1 (the request's own cookies; the workspace from the URL). Any failure
 * returns null and the client loads through the API as usual, where errors get their proper messages. A failure
 * is never silent: the expected ones (signed out, not a member, no such board) are logged at debug level, any
 * other is logged as an error and reported like an API 500.
 * The use cases come from the caller (src/api/pages.ts): infrastructure never imports modules.
 */
async function incomingRequest(workspace?: string): Promise<Request> {
  const incoming = new Headers(await headers());
  // Only the cookie authenticates a page; a bearer token is for the API.
  incoming.delete('authorization');
  if (workspace) incoming.set(WORKSPACE_HEADER, workspace);
  return new Request('http://tika.internal/', { headers: incoming });
}

// What a page loader meets in normal use: the client shows the proper message when it asks the API.
const expected = new Set<ErrorCode>(['UNAUTHENTICATED', 'NOT_FOUND', 'FORBIDDEN', 'TWO_FACTOR_REQUIRED']);

async function loadFailed(error: unknown, loader: string): Promise<void> {
  const requestId = requestIdFrom(await headers());
  if (isAppError(error) && expected.has(error.code)) {
    logger.debug({ requestId, loader, code: error.code }, 'page loader: nothing to render on the server');
    return;
  }
  logger.error({ err: error, requestId, loader }, 'page loader failed; the page falls back to loading through the API');
  await captureServerError(error, { requestId, route: `page loader (${loader})` });
}

/** Runs `load` as the signed-in user of this page request; null when that fails. */
export async function loadAsUser<T>(load: (ctx: UserContext) => Promise<T>): Promise<T | null> {
  try {
    const request = await incomingRequest();
    return await load(await resolveUser(request, requestMeta(request)));
  } catch (error) {
    await loadFailed(error, 'user');
    return null;
  }
}

/** The signed-in user of this page request, or null when nobody is signed in (or the session cannot be read). */
export async function pageUser(): Promise<UserContext | null> {
  const request = await incomingRequest();
  return resolveUser(request, requestMeta(request)).catch(async (error: unknown) => {
    await loadFailed(error, 'user');
    return null;
  });
}

/** Runs `load` as the signed-in user in the workspace named by the URL; null when that fails. */
export async function loadAsTenant<T>(workspace: string, load: (ctx: TenantContext) => Promise<T>): Promise<T | null> {
  try {
    const request = await incomingRequest(workspace);
    return await load(await resolveTenant(request, requestMeta(request)));
  } catch (error) {
    await loadFailed(error, 'tenant');
    return null;
  }
}

/**
 * The product flags a page needs, from the same flag service the API uses (workspace override → Unleash → env →
 * default) for the signed-in user in this workspace; built-in defaults when that cannot be resolved.
 */
export async function loadFlags<N extends FlagName>(
  workspace: string,
  names: readonly N[],
): Promise<Record<N, boolean>> {
  const defaults = Object.fromEntries(names.map((name) => [name, flagDefinitions[name].default])) as Record<N, boolean>;
  try {
    const request = await incomingRequest(workspace);
    const values = await evaluateFlags(await resolveTenant(request, requestMeta(request)));
    return Object.fromEntries(names.map((name) => [name, values[name].enabled])) as Record<N, boolean>;
  } catch (error) {
    await loadFailed(error, 'flags');
    return defaults;
  }
}
