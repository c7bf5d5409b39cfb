import 'server-only';
import { getBoardView } from '@/modules/boards';
import { getMe } from '@/modules/workspaces';
import { listLabelColours } from '@/modules/labels';
import { readDevInbox } from '@/modules/accounts';
import { loadAsTenant, loadAsUser, pageUser } from '@/server/ssr';

export { loadFlags } from '@/server/ssr';

// Server-rendered first paint for app/ pages: the page loaders of src/server/ssr.ts composed with use cases.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function loadMe() {
  return loadAsUser(getMe);
}

export async function loadBoardView(workspace: string, boardId: string, perColumn: number) {
  if (!UUID.test(boardId)) return null;
  return loadAsTenant(workspace, (ctx) => getBoardView(ctx, boardId, perColumn));
}

/** The workspace's label colours, so the first paint of any of its pages shows them (null: the client asks). */
export function loadLabelColours(workspace: string) {
  return loadAsTenant(workspace, listLabelColours);
}

/** The dev inbox for whoever is signed in (nobody: no mail shown). */
export async function loadDevInbox() {
  return readDevInbox(await pageUser());
}
