import 'server-only';
import { z } from 'zod';
import { roles } from '@/modules/access';

export const MemberDto = z
  .object({ userId: z.string(), name: z.string(), email: z.string(), role: z.enum(roles), joinedAt: z.string() })
  .meta({ id: 'Member' });
export const MemberList = z.object({ data: z.array(MemberDto) }).meta({ id: 'MemberList' });
export const MemberParams = z.object({ userId: z.string().min(1).max(64) });
export const ChangeRoleBody = z.object({ role: z.enum(roles) }).meta({ id: 'ChangeRoleBody' });
export const TransferOwnershipBody = z
  .object({ userId: z.string().min(1).max(64) })
  .meta({ id: 'TransferOwnershipBody' });
