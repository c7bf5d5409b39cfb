import { z } from 'zod';
import { requiredText } from '@/shared/schemas';
import { roles } from '@/modules/access';

export const slug = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(48)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'Lowercase letters, digits and inner dashes only');

export const WorkspaceDto = z
  .object({ id: z.uuid(), name: z.string(), slug: z.string(), plan: z.string(), createdAt: z.string() })
  .meta({ id: 'Workspace' });

export const MyWorkspaceDto = z
  .object({ id: z.uuid(), name: z.string(), slug: z.string(), role: z.enum(roles) })
  .meta({ id: 'MyWorkspace' });

export const MeDto = z
  .object({
    user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
    workspaces: z.array(MyWorkspaceDto),
  })
  .meta({ id: 'Me' });

export const CreateWorkspaceBody = z
  .object({ name: requiredText(80), slug: slug.optional() })
  .meta({ id: 'CreateWorkspaceBody' });
export const UpdateWorkspaceBody = z
  .object({ name: requiredText(80).optional(), slug: slug.optional() })
  .refine((b) => b.name !== undefined || b.slug !== undefined, 'Give at least one of name, slug')
  .meta({ id: 'UpdateWorkspaceBody' });
export const DeleteWorkspaceBody = z
  .object({ confirm: z.string().max(100).describe("The workspace's slug, typed to confirm deletion") })
  .meta({ id: 'DeleteWorkspaceBody' });
