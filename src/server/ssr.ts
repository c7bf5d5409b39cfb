import { headers } from 'next/headers';
import type { TenantContext, UserContext } from './context';
import { resolveTenant, resolveUser, WORKSPACE_HEADER } from './auth/principal';
import { requestMeta } from './http/request-meta';
import { evaluateFlags, flagDefinitions, type FlagName } from './flags';

/**
 * First paint with data: pages render the signed-in user and the board on the server, through the same
 * authentication and use cases as /api/v1 (the request's own cookies; the workspace from the URL). Any failure
 * returns null and the client loads through the API as usual, where errors get their proper messages.
 * The use cases come from the caller (src/api/pages.ts): infrastructure never imports modules.
 */
async function incomingRequest(workspace?: string): Promise<Request> {
  const incoming = new Headers(await headers());
  // Only the cookie authenticates a page; a bearer token is for the API.
  incoming.delete('authorization');
  if (workspace) incoming.set(WORKSPACE_HEADER, workspace);
  return new Request('http://tika.internal/', { headers: incoming });
}

/** Runs `load` as the signed-in user of this page request; null when that fails. */
export async function loadAsUser<T>(load: (ctx: UserContext) => Promise<T>): Promise<T | null> {
  try {
    const request = await incomingRequest();
    return await load(await resolveUser(request, requestMeta(request)));
  } catch {
    return null;
  }
}

/** The signed-in user of this page request, or null when nobody is signed in (or the session cannot be read). */
export async function pageUser(): Promise<UserContext | null> {
  const request = await incomingRequest();
  return resolveUser(request, requestMeta(request)).catch(() => null);
}

/** Runs `load` as the signed-in user in the workspace named by the URL; null when that fails. */
export async function loadAsTenant<T>(workspace: string, load: (ctx: TenantContext) => Promise<T>): Promise<T | null> {
  try {
    const request = await incomingRequest(workspace);
    return await load(await resolveTenant(request, requestMeta(request)));
  } catch {
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
  } catch {
    return defaults;
  }
}
