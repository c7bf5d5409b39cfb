import 'server-only';
import type { z } from 'zod';
import type { TenantContext } from '@/server/context';
import { actorUserId } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { publishBoardEvent } from '@/server/realtime/publish';
import { assertCan } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { countOpenTicketsWithLabel, deleteLabel, findLabel, upsertLabel } from './repository';
import type { Label, SetLabelColourBody } from './schemas';

/**
 * Admins give a label a colour of the palette, or reset it (colour null) to the hue its name hashes to. A real
 * change is audited in its transaction (CREATE / UPDATE / DELETE of the `label`) and announced to every open board
 * of the workspace (a `labels.changed` event for all boards); setting the colour it already has changes nothing.
 */
export async function setLabelColour(ctx: TenantContext, body: z.infer<typeof SetLabelColourBody>): Promise<Label> {
  assertCan(ctx.role, 'settings:manage');
  return withTenant(ctx.tenantId, async (tx) => {
    const before = await findLabel(tx, body.name);
    let name = before?.name ?? body.name;
    let changed = false;
    if (body.colour === null) {
      if (before) {
        await deleteLabel(tx, before.id);
        await recordAudit(tx, ctx, {
          action: 'DELETE',
          resourceType: 'label',
          resourceId: before.id,
          before: { name: before.name, colour: before.colour },
          after: { name: before.name, colour: null },
        });
        changed = true;
      }
    } else if (!before || before.colour !== body.colour || before.name !== body.name) {
      const after = await upsertLabel(tx, {
        tenantId: ctx.tenantId,
        name: body.name,
        colour: body.colour,
        updatedBy: actorUserId(ctx),
      });
      name = after.name;
      await recordAudit(tx, ctx, {
        action: before ? 'UPDATE' : 'CREATE',
        resourceType: 'label',
        resourceId: after.id,
        before: before ? { name: before.name, colour: before.colour } : null,
        after: { name: after.name, colour: after.colour },
      });
      changed = true;
    }
    if (changed) await publishBoardEvent(tx, { tenantId: ctx.tenantId, boardId: '*', kind: 'labels.changed' });
    return { name, colour: body.colour, tickets: await countOpenTicketsWithLabel(tx, name) };
  });
}
