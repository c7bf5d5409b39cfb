import 'server-only';
import { z } from 'zod';
import { pageOf, pageQuery } from '@/shared/schemas';
import { auditActions, auditResources } from './record-audit';

export const AuditEntryDto = z
  .object({
    id: z.uuid(),
    actorType: z.enum(['user', 'token', 'system']),
    actorId: z.string().nullable(),
    action: z.string(),
    resourceType: z.string(),
    resourceId: z.string().nullable(),
    changes: z.object({ before: z.unknown(), after: z.unknown() }),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    requestId: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'AuditEntry' });

export const AuditQuery = pageQuery.extend({
  actorId: z.string().min(1).max(200).optional(),
  actorType: z.enum(['user', 'token', 'system']).optional(),
  resourceType: z.enum(auditResources).optional(),
  resourceId: z.string().min(1).max(200).optional(),
  action: z.enum(auditActions).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export const AuditPage = pageOf(AuditEntryDto, 'AuditPage');

export const TicketActivityDto = AuditEntryDto.pick({
  id: true,
  actorType: true,
  actorId: true,
  action: true,
  changes: true,
  createdAt: true,
}).meta({
  id: 'TicketActivity',
});
export const TicketActivityPage = pageOf(TicketActivityDto, 'TicketActivityPage');
