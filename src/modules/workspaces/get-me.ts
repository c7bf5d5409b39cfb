import 'server-only';
import type { UserContext } from '@/server/context';
import { lookupSessionWorkspaces } from '@/server/db/lookups';

export async function getMe(ctx: UserContext) {
  const memberships = await lookupSessionWorkspaces(ctx.sessionToken);
  return {
    user: {
      id: ctx.userId,
      email: ctx.email,
      name: ctx.name,
      emailVerified: ctx.emailVerified,
      twoFactorEnabled: ctx.twoFactorEnabled === true,
    },
    workspaces: memberships.map((m) => ({
      id: m.tenantId,
      name: m.name,
      slug: m.slug,
      role: m.role,
      requireTwoFactor: m.requireTwoFactor,
    })),
  };
}
