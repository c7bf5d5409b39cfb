import 'server-only';
import { AppError } from '@/server/errors';
import { can, rank, type Permission, type Role } from '@/shared/permissions';

export { can, permissions, rank, rolePermissions, roles, type Permission, type Role } from '@/shared/permissions';

export function assertCan(role: Role, permission: Permission): void {
  if (!can(role, permission)) throw new AppError('FORBIDDEN', `The ${role} role does not allow ${permission}`);
}

/**
 * Who may hand out or change a role: admins manage up to admin; only ownership transfer creates an owner,
 * and nobody but the owner touches the owner's membership.
 */
export function canAssignRole(actor: Role, target: Role): boolean {
  return target !== 'owner' && can(actor, 'member:manage') && rank[actor] >= rank[target];
}

export function canManageMember(actor: Role, subject: Role): boolean {
  return subject !== 'owner' && can(actor, 'member:manage') && rank[actor] >= rank[subject];
}

/** An API token may carry at most the role of the person creating it, and never owner. */
export function canIssueTokenWithRole(actor: Role, tokenRole: Role): boolean {
  return tokenRole !== 'owner' && can(actor, 'token:manage') && rank[actor] >= rank[tokenRole];
}
