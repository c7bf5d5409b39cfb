import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { notFound } from '@/server/errors';
import { assertCan } from '@/modules/access';
import { toTicketDto } from './dto';
import { countCommentsOf, findTicket } from './repository';

export async function getTicket(ctx: TenantContext, ticketId: string) {
  assertCan(ctx.role, 'board:read');
  const row = await withTenant(ctx.tenantId, async (tx) => {
    const found = await findTicket(tx, ticketId);
    return found && { ...found, commentCount: await countCommentsOf(tx, ticketId) };
  });
  if (!row) throw notFound('Ticket');
  return toTicketDto(row);
}
