import type { UserContext } from '@/server/context';
import { lookupUserWorkspaces } from '@/server/db/lookups';

export async function getMe(ctx: UserContext) {
  const memberships = await lookupUserWorkspaces(ctx.userId);
  return {
    user: { id: ctx.userId, email: ctx.email, name: ctx.name, emailVerified: ctx.emailVerified },
    workspaces: memberships.map((m) => ({ id: m.tenantId, name: m.name, slug: m.slug, role: m.role })),
  };
}
