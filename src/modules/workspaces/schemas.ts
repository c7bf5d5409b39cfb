import 'server-only';
import { z } from 'zod';
import { requiredText } from '@/shared/schemas';
import { roles } from '@/modules/access';

/** A workspace id's shape. A slug never takes it: requests name a workspace by id or by slug, and must not mix them up. */
export const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const slug = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(48)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'Lowercase letters, digits and inner dashes only')
  .refine((value) => !UUID_SHAPE.test(value), 'A slug may not look like a workspace id (a UUID)');

export const WorkspaceDto = z
  .object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    plan: z.string(),
    requireTwoFactor: z.boolean().describe('Every member must sign in with a second factor to enter'),
    createdAt: z.string(),
  })
  .meta({ id: 'Workspace' });

export const MyWorkspaceDto = z
  .object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    role: z.enum(roles),
    requireTwoFactor: z.boolean().describe('Entering needs two-factor authentication'),
  })
  .meta({ id: 'MyWorkspace' });

export const MeDto = z
  .object({
    user: z.object({
      id: z.string(),
      email: z.string(),
      name: z.string(),
      emailVerified: z.boolean(),
      twoFactorEnabled: z.boolean(),
      instanceAdmin: z
        .boolean()
        .describe('Runs this Tika instance (TIKA_ADMIN_EMAILS, or else the first account): may open /admin/operations'),
    }),
    workspaces: z.array(MyWorkspaceDto),
  })
  .meta({ id: 'Me' });

export const CreateWorkspaceBody = z
  .object({ name: requiredText(80), slug: slug.optional() })
  .meta({ id: 'CreateWorkspaceBody' });
export const UpdateWorkspaceBody = z
  .object({
    name: requiredText(80).optional(),
    slug: slug.optional(),
    requireTwoFactor: z
      .boolean()
      .optional()
      .describe('Owner only, and only with two-factor authentication on for yourself'),
  })
  .refine(
    (b) => b.name !== undefined || b.slug !== undefined || b.requireTwoFactor !== undefined,
    'Give at least one of name, slug, requireTwoFactor',
  )
  .meta({ id: 'UpdateWorkspaceBody' });
export const DeleteWorkspaceBody = z
  .object({ confirm: z.string().max(100).describe("The workspace's slug, typed to confirm deletion") })
  .meta({ id: 'DeleteWorkspaceBody' });
