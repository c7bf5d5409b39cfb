import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { assertCan } from '@/modules/access';
import { assertTicketExists } from '@/modules/tickets';
import { listComments as selectComments } from './repository';
import { toCommentDto } from './dto';

export async function listComments(ctx: TenantContext, ticketId: string) {
  assertCan(ctx.role, 'board:read');
  return withTenant(ctx.tenantId, async (tx) => {
    await assertTicketExists(tx, ticketId);
    return { data: (await selectComments(tx, ticketId)).map(toCommentDto) };
  });
}
