import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/server/errors';
import {
  assertCan,
  can,
  canAssignRole,
  canIssueTokenWithRole,
  canManageMember,
  permissions,
  roles,
  type Permission,
  type Role,
} from '../../src/modules/access';

// The expected table, written out by hand: V = viewer, M = member, A = admin, O = owner hold the permission.
const expected: Record<Permission, string> = {
  'workspace:read': 'VMAO',
  'board:read': 'VMAO',
  'board:create': 'MAO',
  'board:update': 'MAO',
  'board:delete': 'AO',
  'column:manage': 'AO',
  'ticket:create': 'MAO',
  'ticket:update': 'MAO',
  'ticket:move': 'MAO',
  'ticket:archive': 'MAO',
  'ticket:delete': 'AO',
  'comment:create': 'MAO',
  'comment:delete-own': 'MAO',
  'comment:delete-any': 'AO',
  'member:read': 'VMAO',
  'member:manage': 'AO',
  'invitation:manage': 'AO',
  'token:manage': 'AO',
  'webhook:manage': 'AO',
  'settings:manage': 'AO',
  'audit:read': 'AO',
  'usage:read': 'AO',
  // The owner cannot leave: ownership is transferred first.
  'workspace:leave': 'VMA',
  'workspace:delete': 'O',
  'ownership:transfer': 'O',
  'security:manage': 'O',
};

const letter: Record<Role, string> = { viewer: 'V', member: 'M', admin: 'A', owner: 'O' };

describe('role × permission matrix', () => {
  it('the expected table names exactly the permissions the policy knows', () => {
    expect(Object.keys(expected).sort()).toEqual([...permissions].sort());
    expect([...roles].sort()).toEqual(['admin', 'member', 'owner', 'viewer']);
  });

  const cases = roles.flatMap((role) =>
    permissions.map((permission) => [role, permission, expected[permission].includes(letter[role])] as const),
  );

  it.each(cases)('%s × %s → %s', (role, permission, allowed) => {
    expect(can(role, permission)).toBe(allowed);
    if (allowed) {
      expect(() => assertCan(role, permission)).not.toThrow();
    } else {
      let thrown: unknown;
      try {
        assertCan(role, permission);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(AppError);
      expect((thrown as AppError).code).toBe('FORBIDDEN');
      expect((thrown as AppError).status).toBe(403);
    }
  });

  it('roles are strictly nested: each role holds everything the one below holds (except the owner and leave)', () => {
    const order: Role[] = ['viewer', 'member', 'admin', 'owner'];
    for (let i = 1; i < order.length; i++) {
      for (const permission of permissions) {
        if (permission === 'workspace:leave') continue;
        if (can(order[i - 1]!, permission)) expect(can(order[i]!, permission), `${order[i]} ${permission}`).toBe(true);
      }
    }
  });
});

// actor → the target roles it may grant (canAssignRole) / the subject roles it may manage (canManageMember).
const assignable: Record<Role, Role[]> = {
  owner: ['admin', 'member', 'viewer'],
  admin: ['admin', 'member', 'viewer'],
  member: [],
  viewer: [],
};
const manageable: Record<Role, Role[]> = {
  owner: ['admin', 'member', 'viewer'],
  admin: ['admin', 'member', 'viewer'],
  member: [],
  viewer: [],
};
const tokenRoles: Record<Role, Role[]> = {
  owner: ['admin', 'member', 'viewer'],
  admin: ['admin', 'member', 'viewer'],
  member: [],
  viewer: [],
};

describe('role assignment matrices', () => {
  const pairs = roles.flatMap((actor) => roles.map((target) => [actor, target] as const));

  it.each(pairs)('canAssignRole(%s, %s)', (actor, target) => {
    expect(canAssignRole(actor, target)).toBe(assignable[actor].includes(target));
  });

  it.each(pairs)('canManageMember(%s, %s)', (actor, subject) => {
    expect(canManageMember(actor, subject)).toBe(manageable[actor].includes(subject));
  });

  it.each(pairs)('canIssueTokenWithRole(%s, %s)', (actor, tokenRole) => {
    expect(canIssueTokenWithRole(actor, tokenRole)).toBe(tokenRoles[actor].includes(tokenRole));
  });

  it('nobody can grant, manage or mint owner', () => {
    for (const actor of roles) {
      expect(canAssignRole(actor, 'owner')).toBe(false);
      expect(canManageMember(actor, 'owner')).toBe(false);
      expect(canIssueTokenWithRole(actor, 'owner')).toBe(false);
    }
  });
});
