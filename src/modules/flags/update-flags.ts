import 'server-only';
import type { z } from 'zod';
import type { TenantContext } from '@/server/context';
import { actorUserId } from '@/server/context';
import { afterCommit, withTenant } from '@/server/db/tenant';
import { forgetWorkspaceFlags, type FlagName } from '@/server/flags';
import { assertCan } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { listWorkspaceFlags } from '@/server/db/workspace-flags';
import { clearWorkspaceFlag, setWorkspaceFlag } from './repository';
import type { FlagList, UpdateFlagsBody } from './schemas';
import { listFlags } from './list-flags';

/** Admins set or clear per-workspace overrides of product flags; each change is one audit row. */
export async function updateFlags(
  ctx: TenantContext,
  body: z.infer<typeof UpdateFlagsBody>,
): Promise<z.infer<typeof FlagList>> {
  assertCan(ctx.role, 'settings:manage');
  await withTenant(ctx.tenantId, async (tx) => {
    const before = new Map((await listWorkspaceFlags(tx)).map((row) => [row.flag, row.enabled]));
    for (const [flag, enabled] of Object.entries(body.overrides) as [FlagName, boolean | null | undefined][]) {
      if (enabled === undefined) continue;
      if (enabled === null) await clearWorkspaceFlag(tx, flag);
      else await setWorkspaceFlag(tx, { tenantId: ctx.tenantId, flag, enabled, updatedBy: actorUserId(ctx) });
      await recordAudit(tx, ctx, {
        action: 'UPDATE',
        resourceType: 'settings',
        resourceId: `flag:${flag}`,
        before: { flag, override: before.get(flag) ?? null },
        after: { flag, override: enabled },
      });
    }
    afterCommit(() => forgetWorkspaceFlags(ctx.tenantId));
  });
  return listFlags(ctx);
}
