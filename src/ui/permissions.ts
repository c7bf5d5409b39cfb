import type { Permission, Role } from '../modules/access/policy';

// The UI hides what a role cannot do; the server enforces it regardless. This mirrors
// src/modules/access/policy.ts (which the client bundle must not import: it pulls in server code);
// tests/unit/ui-flags-permissions.test.ts fails if the two drift apart.
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
const owner: Permission[] = [...admin.filter((p) => p !== 'workspace:leave'), 'workspace:delete', 'ownership:transfer'];

const table: Record<Role, ReadonlySet<Permission>> = {
  viewer: new Set(viewer),
  member: new Set(member),
  admin: new Set(admin),
  owner: new Set(owner),
};

export function uiCan(role: Role | null | undefined, permission: Permission): boolean {
  return role ? table[role].has(permission) : false;
}

const rank: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };
/** Roles this actor may hand out (invitations, tokens, role changes): never owner, never above their own. */
export function assignableRoles(actor: Role): Role[] {
  return (['admin', 'member', 'viewer'] as const).filter((role) => rank[actor] >= rank[role]);
}
