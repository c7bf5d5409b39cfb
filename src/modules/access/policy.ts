import { AppError } from '../../server/errors';

export const roles = ['owner', 'admin', 'member', 'viewer'] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  'workspace:read',
  'board:read',
  'board:create',
  'board:update',
  'board:delete',
  'column:manage',
  'ticket:create',
  'ticket:update',
  'ticket:move',
  'ticket:archive',
  'ticket:delete',
  'comment:create',
  'comment:delete-own',
  'comment:delete-any',
  'member:read',
  'member:manage',
  'invitation:manage',
  'token:manage',
  'settings:manage',
  'audit:read',
  'usage:read',
  'workspace:leave',
  'workspace:delete',
  'ownership:transfer',
] as const;
export type Permission = (typeof permissions)[number];

const viewer: Permission[] = ['workspace:read', 'board:read', 'member:read', 'workspace:leave'];
const member: Permission[] = [
  ...viewer,
  'board:create',
  'board:update',
  'ticket:create',
  'ticket:update',
  'ticket:move',
  'ticket:archive',
  'comment:create',
  'comment:delete-own',
];
const admin: Permission[] = [
  ...member,
  'board:delete',
  'column:manage',
  'ticket:delete',
  'comment:delete-any',
  'member:manage',
  'invitation:manage',
  'token:manage',
  'settings:manage',
  'audit:read',
  'usage:read',
];

/** The permission table, as data. Owner holds every permission. */
export const rolePermissions: Record<Role, ReadonlySet<Permission>> = {
  viewer: new Set(viewer),
  member: new Set(member),
  admin: new Set(admin),
  owner: new Set(permissions.filter((p) => p !== 'workspace:leave')),
};

export function can(role: Role, permission: Permission): boolean {
  return rolePermissions[role].has(permission);
}

export function assertCan(role: Role, permission: Permission): void {
  if (!can(role, permission)) throw new AppError('FORBIDDEN', `The ${role} role does not allow ${permission}`);
}

const rank: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

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
