import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { labelKey, type LabelColour } from '@/shared/label-colours';
import { assertCan } from '@/modules/access';
import { colouredLabels, labelsWithUse } from './repository';
import type { Label } from './schemas';

/** Every label of the workspace (in use on an open ticket, or given a colour) with its colour and use. */
export async function listLabels(ctx: TenantContext): Promise<{ data: Label[] }> {
  assertCan(ctx.role, 'workspace:read');
  return { data: await withTenant(ctx.tenantId, (tx) => labelsWithUse(tx)) };
}

/**
 * Only the colours a workspace chose, keyed by the label's lower-case name: what a page needs to paint its label
 * chips on the server (one small read, no scan of the tickets).
 */
export async function listLabelColours(ctx: TenantContext): Promise<Record<string, LabelColour>> {
  assertCan(ctx.role, 'workspace:read');
  const rows = await withTenant(ctx.tenantId, (tx) => colouredLabels(tx));
  return Object.fromEntries(rows.map((row) => [labelKey(row.name), row.colour]));
}
