import 'server-only';
import type { z } from 'zod';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { evaluateFlags, flagDefinitions, flagNames } from '@/server/flags';
import { assertCan } from '@/modules/access';
import { listWorkspaceFlags } from '@/server/db/workspace-flags';
import type { FlagList } from './schemas';

export async function listFlags(ctx: TenantContext): Promise<z.infer<typeof FlagList>> {
  assertCan(ctx.role, 'workspace:read');
  const [values, rows] = await Promise.all([
    evaluateFlags(ctx),
    withTenant(ctx.tenantId, (tx) => listWorkspaceFlags(tx)),
  ]);
  const overrides = new Map(rows.map((row) => [row.flag, row.enabled]));
  return {
    data: flagNames.map((name) => ({
      name,
      enabled: values[name].enabled,
      source: values[name].source,
      kind: flagDefinitions[name].kind,
      description: flagDefinitions[name].description,
      override: flagDefinitions[name].kind === 'product' ? (overrides.get(name) ?? null) : null,
    })),
  };
}
