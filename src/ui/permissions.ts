import { can, rank, type Permission, type Role } from '@/shared/permissions';

// The UI hides what a role cannot do; the server enforces the very same table regardless.
export function uiCan(role: Role | null | undefined, permission: Permission): boolean {
  return role ? can(role, permission) : false;
}

/** Roles this actor may hand out (invitations, tokens, role changes): never owner, never above their own. */
export function assignableRoles(actor: Role): Role[] {
  return (['admin', 'member', 'viewer'] as const).filter((role) => rank[actor] >= rank[role]);
}
