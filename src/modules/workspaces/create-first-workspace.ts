import 'server-only';
import type { UserContext } from '@/server/context';
import { createWorkspace } from './create-workspace';

/** Every account starts with a workspace of its own, so the first thing a new user sees is usable. */
export async function createFirstWorkspace(user: UserContext): Promise<void> {
  const name = user.name.trim() ? `${user.name.trim().slice(0, 60)}'s workspace` : 'My workspace';
  await createWorkspace(user, { name });
}
