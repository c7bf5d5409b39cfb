import { describe, expect, it } from 'vitest';
import { assignableRoles, uiCan } from '../../src/ui/permissions';

// The browser shares the server's permission table (src/shared/permissions.ts); what it adds is
// the signed-out case and the roles a person may hand out.
describe('UI permissions', () => {
  it('grants nothing without a role, and follows the shared table with one', () => {
    expect(uiCan(null, 'board:read')).toBe(false);
    expect(uiCan(undefined, 'board:read')).toBe(false);
    expect(uiCan('viewer', 'board:read')).toBe(true);
    expect(uiCan('viewer', 'ticket:move')).toBe(false);
    expect(uiCan('owner', 'workspace:delete')).toBe(true);
  });

  it('offers only roles at or below your own, never owner', () => {
    expect(assignableRoles('owner')).toEqual(['admin', 'member', 'viewer']);
    expect(assignableRoles('admin')).toEqual(['admin', 'member', 'viewer']);
    expect(assignableRoles('member')).toEqual(['member', 'viewer']);
    expect(assignableRoles('viewer')).toEqual(['viewer']);
  });
});
