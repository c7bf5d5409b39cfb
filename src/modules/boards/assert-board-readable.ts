import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { notFound } from '@/server/errors';
import { assertCan } from '@/modules/access';
import { findBoard } from './repository';

/** For subscriptions (live updates): the caller may read this board of their workspace, or it is a 404. */
export async function assertBoardReadable(ctx: TenantContext, boardId: string): Promise<void> {
  assertCan(ctx.role, 'board:read');
  const board = await withTenant(ctx.tenantId, (tx) => findBoard(tx, boardId));
  if (!board) throw notFound('Board');
}
