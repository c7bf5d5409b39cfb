import 'server-only';
import { randomBytes, randomUUID } from 'node:crypto';
import type { UserContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { recordAudit } from '@/modules/audit';
import { toWorkspaceDto } from './dto';
import { insertMembership, insertWorkspace } from './repository';

export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    // NFKD splits "é" into "e" + a combining accent; drop the accents so they do not become dashes.
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/g, '');
  return `${base.length >= 3 ? base : 'workspace'}-${randomBytes(3).toString('hex')}`;
}

/** A new tenant: the workspace row, its owner and the audit row, all in the new tenant's one transaction. */
export async function createWorkspace(ctx: UserContext, input: { name: string; slug?: string }) {
  const tenantId = randomUUID();
  return withTenant(tenantId, async (tx) => {
    const workspace = await insertWorkspace(tx, {
      id: tenantId,
      name: input.name,
      slug: input.slug ?? slugify(input.name),
    });
    await insertMembership(tx, { tenantId, userId: ctx.userId, role: 'owner' });
    const tenantCtx = { ...ctx, tenantId, role: 'owner' as const, actor: { type: 'user' as const, id: ctx.userId } };
    await recordAudit(tx, tenantCtx, {
      action: 'CREATE',
      resourceType: 'workspace',
      resourceId: tenantId,
      after: toWorkspaceDto(workspace),
    });
    await recordAudit(tx, tenantCtx, {
      action: 'CREATE',
      resourceType: 'member',
      resourceId: ctx.userId,
      after: { userId: ctx.userId, role: 'owner' },
    });
    return toWorkspaceDto(workspace);
  });
}
