import { describe, expect, it } from 'vitest';
import { flagsFor, isEnabled } from '../../src/server/feature-flags';
import { permissions, roles, can } from '../../src/modules/access/policy';
import { uiCan } from '../../src/ui/permissions';

describe('feature flags (env defaults)', () => {
  it('has comments on and swimlanes off by default, and reads FLAG_<NAME> overrides', () => {
    expect(flagsFor({}, {})).toEqual({ TICKET_COMMENTS: true, KANBAN_SWIMLANES: false });
    expect(isEnabled('KANBAN_SWIMLANES', {}, { FLAG_KANBAN_SWIMLANES: 'on' })).toBe(true);
    expect(isEnabled('TICKET_COMMENTS', {}, { FLAG_TICKET_COMMENTS: 'false' })).toBe(false);
    expect(isEnabled('TICKET_COMMENTS', {}, { FLAG_TICKET_COMMENTS: 'maybe' })).toBe(true);
  });
});

describe('the UI permission table', () => {
  it('mirrors the server policy exactly (the UI hides, the server enforces)', () => {
    for (const role of roles) for (const permission of permissions) expect(uiCan(role, permission), `${role} ${permission}`).toBe(can(role, permission));
  });
});
