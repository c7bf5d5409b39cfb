import 'server-only';
import { env } from '@/server/env';
import type { TenantContext } from '@/server/context';
import { actorUserId } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { forbidden } from '@/server/errors';
import { assertCan, canAssignRole, type Role } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { newSecret } from '@/server/auth/secret-token';
import { toInvitationDto } from './dto';
import { insertInvitation } from './repository';
import { queueInvitationMail } from './invitation-mail';

const DAY_MS = 24 * 60 * 60 * 1000;

export async function createInvitation(
  ctx: TenantContext,
  input: { email?: string; role: Role; expiresInDays: number },
) {
  assertCan(ctx.role, 'invitation:manage');
  if (!canAssignRole(ctx.role, input.role)) throw forbidden(`A ${ctx.role} cannot invite a ${input.role}`);
  const { secret, hash } = newSecret('tinv');
  return withTenant(ctx.tenantId, async (tx) => {
    const row = await insertInvitation(tx, {
      tenantId: ctx.tenantId,
      email: input.email?.toLowerCase() ?? null,
      role: input.role,
      tokenHash: hash,
      invitedBy: actorUserId(ctx),
      expiresAt: new Date(Date.now() + input.expiresInDays * DAY_MS),
    });
    const dto = toInvitationDto(row);
    await recordAudit(tx, ctx, { action: 'CREATE', resourceType: 'invitation', resourceId: row.id, after: dto });
    const url = `${env().appUrl}/invite/${secret}`;
    // A bound invitation is also mailed to its address; the link stays shown once, to share by hand.
    const emailSent = row.email
      ? await queueInvitationMail(tx, ctx, { email: row.email, role: row.role, url, expiresAt: row.expiresAt })
      : false;
    return { ...dto, token: secret, url, emailSent };
  });
}
