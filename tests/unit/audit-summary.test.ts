import { describe, expect, it } from 'vitest';
import { auditActor, auditHref, auditNoun, auditTitle, auditVerb } from '@/ui/settings/audit-summary';

const entry = (over: Record<string, unknown>) =>
  ({
    actorType: 'user',
    actorId: 'u1',
    action: 'CREATE',
    resourceType: 'ticket',
    resourceId: 't1',
    changes: { before: null, after: { title: 'Ship it', version: 1 } },
    ...over,
  }) as never;

describe('audit entries in words', () => {
  it('names the actor, the resource by its title, and links to it', () => {
    const names = new Map([['u1', 'Ada Lovelace']]);
    expect(auditActor(entry({}), names)).toBe('Ada Lovelace');
    expect(auditActor(entry({ actorId: 'gone' }), names)).toBe('A former member');
    expect(auditActor(entry({ actorType: 'token' }), names)).toBe('An API token');
    expect(auditActor(entry({ actorType: 'system' }), names)).toBe('Tika');
    expect(auditTitle(entry({}))).toBe('Ship it');
    expect(auditTitle(entry({ changes: { before: { name: 'Roadmap' }, after: null } }))).toBe('Roadmap');
    expect(auditTitle(entry({ changes: { before: null, after: { version: 2 } } }))).toBeNull();
    expect(auditHref(entry({}), '/w/x')).toBe('/w/x/t/t1');
    expect(auditHref(entry({ resourceType: 'board', resourceId: 'b1' }), '/w/x')).toBe('/w/x/b/b1');
    expect(auditHref(entry({ resourceType: 'api_token' }), '/w/x')).toBe('/w/x/settings/tokens');
    expect(auditHref(entry({ resourceType: 'invitation' }), '/w/x')).toBe('/w/x/settings/members');
    expect(auditHref(entry({ action: 'DELETE' }), '/w/x')).toBeNull();
    expect(auditHref(entry({ resourceType: 'session' }), '/w/x')).toBeNull();
    expect(auditNoun(entry({ resourceType: 'api_token' }))).toBe('API token');
    expect(auditNoun(entry({ resourceType: 'column' }))).toBe('column');
    // A label colour: "changed colour of label “bug”", linked to the settings where it is set.
    const colour = entry({
      action: 'UPDATE',
      resourceType: 'label',
      changes: { before: { name: 'bug', colour: 'red' }, after: { name: 'bug', colour: 'teal' } },
    });
    expect([auditVerb(colour), auditNoun(colour), auditTitle(colour)]).toEqual(['changed colour of', 'label', 'bug']);
    expect(auditHref(colour, '/w/x')).toBe('/w/x/settings#label-colours');
  });

  it('says which fields an update changed, not the bookkeeping', () => {
    const update = entry({
      action: 'UPDATE',
      changes: {
        before: { priority: 'low', dueDate: null, version: 1 },
        after: { priority: 'high', dueDate: '2027-01-01', version: 2 },
      },
    });
    expect(auditVerb(update)).toBe('changed priority, due date of');
    expect(auditVerb(entry({ action: 'UPDATE', changes: { before: {}, after: { version: 2 } } }))).toBe('changed');
    expect(auditVerb(entry({ action: 'MOVE' }))).toBe('moved');
    expect(auditVerb(entry({ action: 'SOMETHING_NEW' }))).toBe('something_new');
  });
});
