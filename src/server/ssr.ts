import { headers } from 'next/headers';
import { getBoardView } from '../modules/boards/get-board';
import { getMe } from '../modules/workspaces/list-my-workspaces';
import { readDevInbox } from '../modules/accounts';
import { resolveTenant, resolveUser, WORKSPACE_HEADER } from './auth/principal';
import { requestMeta } from './http/request-meta';
import { evaluateFlags, flagDefinitions, type FlagName } from './flags';

/**
 * First paint with data: pages render the signed-in user and the board on the server, through the same
 * authentication and use cases as /api/v1 (the request's own cookies; the workspace from the URL). Any failure
 * returns null and the client loads through the API as usual, where errors get their proper messages.
 */
async function incomingRequest(workspace?: string): Promise<Request> {
  const incoming = new Headers(await headers());
  // Only the cookie authenticates a page; a bearer token is for the API.
  incoming.delete('authorization');
  if (workspace) incoming.set(WORKSPACE_HEADER, workspace);
  return new Request('http://tika.internal/', { headers: incoming });
}

export async function loadMe() {
  try {
    const request = await incomingRequest();
    return await getMe(await resolveUser(request, requestMeta(request)));
  } catch {
    return null;
  }
}

export async function loadBoardView(workspace: string, boardId: string, perColumn: number) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(boardId)) return null;
  try {
    const request = await incomingRequest(workspace);
    return await getBoardView(await resolveTenant(request, requestMeta(request)), boardId, perColumn);
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

/** The dev inbox for whoever is signed in (nobody: no mail shown). */
export async function loadDevInbox() {
  const request = await incomingRequest();
  const viewer = await resolveUser(request, requestMeta(request)).catch(() => null);
  return readDevInbox(viewer);
}
