import type { AuditEntry } from '../api';

// An audit entry in words, for the audit log page: who (a name, not a UUID), did what, to what (its title, linked),
// and which fields changed. The raw record stays one click away.

type Fields = Record<string, unknown>;
const asFields = (value: unknown): Fields => (value && typeof value === 'object' ? (value as Fields) : {});

const verbs: Record<string, string> = {
  CREATE: 'created',
  UPDATE: 'changed',
  DELETE: 'deleted',
  MOVE: 'moved',
  ARCHIVE: 'archived',
  RESTORE: 'restored',
  ACCEPT: 'accepted',
  REVOKE: 'revoked',
  REMOVE: 'removed',
  LEAVE: 'left',
  TRANSFER: 'handed over',
  ROLE_CHANGE: 'changed the role of',
  SIGN_IN: 'signed in',
};
const nouns: Record<string, string> = {
  api_token: 'API token',
  workspace: 'the workspace',
  settings: 'the settings',
  session: 'a session',
  label: 'label',
};
const fieldNames: Record<string, string> = { assigneeId: 'assignee', dueDate: 'due date', wipLimit: 'WIP limit' };
const hidden = new Set(['version', 'updatedAt', 'createdAt', 'position', 'id', 'tenantId']);

/** The resource's own name as recorded (a ticket's title, a board's or token's name, a member's email). */
export function auditTitle(entry: Pick<AuditEntry, 'changes'>): string | null {
  const before = asFields(entry.changes.before);
  const after = asFields(entry.changes.after);
  for (const key of ['title', 'name', 'email']) {
    const value = after[key] ?? before[key];
    if (typeof value === 'string' && value) return value;
  }
  return null;
}

/** Where the resource lives in the app, when it has a page. */
export function auditHref(
  entry: Pick<AuditEntry, 'resourceType' | 'resourceId' | 'action'>,
  base: string,
): string | null {
  if (!entry.resourceId || entry.action === 'DELETE') return null;
  if (entry.resourceType === 'ticket') return `${base}/t/${entry.resourceId}`;
  if (entry.resourceType === 'board') return `${base}/b/${entry.resourceId}`;
  if (entry.resourceType === 'member' || entry.resourceType === 'invitation') return `${base}/settings/members`;
  if (entry.resourceType === 'api_token') return `${base}/settings/tokens`;
  if (entry.resourceType === 'label') return `${base}/settings#label-colours`;
  return null;
}

/** "created", "changed title, priority of", "moved": the verb phrase before the resource. */
export function auditVerb(entry: Pick<AuditEntry, 'action' | 'changes'>): string {
  const verb = verbs[entry.action] ?? entry.action.toLowerCase();
  if (entry.action !== 'UPDATE') return verb;
  const before = asFields(entry.changes.before);
  const after = asFields(entry.changes.after);
  const fields = Object.keys(after).filter(
    (k) => !hidden.has(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
  return fields.length ? `changed ${fields.map((k) => fieldNames[k] ?? k).join(', ')} of` : 'changed';
}

export function auditNoun(entry: Pick<AuditEntry, 'resourceType'>): string {
  return nouns[entry.resourceType] ?? entry.resourceType.replace(/_/g, ' ');
}

/** Who did it: a member's name, "An API token", "Tika" (the system), or "A former member". */
export function auditActor(entry: Pick<AuditEntry, 'actorType' | 'actorId'>, names: Map<string, string>): string {
  if (entry.actorType === 'token') return 'An API token';
  if (entry.actorType === 'system') return 'Tika';
  return (entry.actorId && names.get(entry.actorId)) || 'A former member';
}
