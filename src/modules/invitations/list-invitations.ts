import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { assertCan } from '@/modules/access';
import { toInvitationDto } from './dto';
import { listInvitations as selectInvitations } from './repository';

export async function listInvitations(ctx: TenantContext) {
  assertCan(ctx.role, 'invitation:manage');
  const rows = await withTenant(ctx.tenantId, selectInvitations);
  return { data: rows.map(toInvitationDto) };
}
