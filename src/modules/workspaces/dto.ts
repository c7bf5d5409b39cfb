import type { z } from 'zod';
import type { WorkspaceDto } from './schemas';
import type { WorkspaceRow } from './repository';

export function toWorkspaceDto(row: WorkspaceRow): z.infer<typeof WorkspaceDto> {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    plan: row.plan,
    requireTwoFactor: row.requireTwoFactor,
    createdAt: row.createdAt.toISOString(),
  };
}
