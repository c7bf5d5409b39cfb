import 'server-only';
import type { TenantContext } from '@/server/context';
import type { Tx } from '@/server/db/tenant';
import { insertAuditRow } from './repository';

export const auditActions = [
  'CREATE',
  'UPDATE',
  'DELETE',
  'MOVE',
  'ARCHIVE',
  'RESTORE',
  'ACCEPT',
  'REVOKE',
  'REMOVE',
  'LEAVE',
  'TRANSFER',
  'ROLE_CHANGE',
  'SIGN_IN',
  // The account lifecycle (recorded in every workspace of the account).
  'VERIFY_EMAIL',
  'REQUEST_EMAIL_CHANGE',
  'CHANGE_EMAIL',
  'RESET_PASSWORD',
  'CHANGE_PASSWORD',
  'ENABLE_2FA',
  'DISABLE_2FA',
  'REGENERATE_BACKUP_CODES',
  'REVOKE_OTHERS',
  'REVOKE_ALL',
  'ROTATE',
  'DISABLE',
  'REDELIVER',
] as const;
export type AuditAction = (typeof auditActions)[number];

export const auditResources = [
  'workspace',
  'board',
  'column',
  'ticket',
  'comment',
  'member',
  'invitation',
  'api_token',
  'session',
  'settings',
  'account',
  'webhook',
  'label',
] as const;
export type AuditResource = (typeof auditResources)[number];

export interface AuditEntry {
  action: AuditAction;
  resourceType: AuditResource;
  resourceId: string | null;
  before?: unknown;
  after?: unknown;
}

/** The row's changes: the JSON round trip drops undefined and turns dates into ISO strings, as they are read back. */
function changesOf(entry: AuditEntry): { before: unknown; after: unknown } {
  return JSON.parse(JSON.stringify({ before: entry.before ?? null, after: entry.after ?? null })) as {
    before: unknown;
    after: unknown;
  };
}

/** Writes the audit row inside the caller's transaction: if the change rolls back, so does its record. */
export async function recordAudit(tx: Tx, ctx: TenantContext, entry: AuditEntry): Promise<void> {
  await insertAuditRow(tx, {
    tenantId: ctx.tenantId,
    actorType: ctx.actor.type,
    actorId: ctx.actor.id,
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId,
    changes: changesOf(entry),
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    requestId: ctx.requestId,
  });
}

/**
 * An audit row for a change the system made on its own (a background job), not on anyone's request: the actor is
 * the job run, e.g. `webhooks.deliver:<job id>`.
 */
export async function recordSystemAudit(tx: Tx, tenantId: string, actorId: string, entry: AuditEntry): Promise<void> {
  await insertAuditRow(tx, {
    tenantId,
    actorType: 'system',
    actorId,
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId,
    changes: changesOf(entry),
    ip: null,
    userAgent: null,
    requestId: null,
  });
}
