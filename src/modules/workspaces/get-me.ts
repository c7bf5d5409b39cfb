import 'server-only';
import type { UserContext } from '@/server/context';
import { isInstanceAdmin } from '@/server/auth/instance-admin';
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
      // Runs this instance (TIKA_ADMIN_EMAILS, or the first account): the app links it to /admin/operations.
      instanceAdmin: await isInstanceAdmin({ userId: ctx.userId, email: ctx.email }),
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
