import { describe, expect, it } from 'vitest';
import { permissions, roles, can } from '../../src/modules/access/policy';
import { uiCan } from '../../src/ui/permissions';

describe('the UI permission table', () => {
  it('mirrors the server policy exactly (the UI hides, the server enforces)', () => {
    for (const role of roles) for (const permission of permissions) expect(uiCan(role, permission), `${role} ${permission}`).toBe(can(role, permission));
  });
});
