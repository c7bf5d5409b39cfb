// The role × permission table, as data. Pure and import-free so that the browser bundle can share it: the UI
// hides what a role cannot do, and the server (policy.ts) enforces the same table.
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
  'webhook:manage',
  'settings:manage',
  'audit:read',
  'usage:read',
  'workspace:leave',
  'workspace:delete',
  'ownership:transfer',
  'security:manage',
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
  'webhook:manage',
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

/** Role order: a role may hand out or manage only roles at or below its own. */
export const rank: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };
