import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { assertCan } from '@/modules/access';
import { readResourceHistory } from '@/modules/audit';
import { assertTicketExists } from './ports';

/** A ticket's history for everyone who can read the board: the audit rows of that one ticket, newest first. */
export async function listTicketActivity(
  ctx: TenantContext,
  ticketId: string,
  query: { limit: number; cursor?: string },
) {
  assertCan(ctx.role, 'board:read');
  return withTenant(ctx.tenantId, async (tx) => {
    await assertTicketExists(tx, ticketId);
    return readResourceHistory(tx, { type: 'ticket', id: ticketId }, query);
  });
}
