import { describe, expect, it } from 'vitest';
import { slugify } from '../../src/modules/workspaces';
import { slug as slugSchema } from '../../src/modules/workspaces';

const suffix = /-[0-9a-f]{6}$/;

describe('slugify', () => {
  it.each([
    ['Acme Corp', 'acme-corp'],
    ["Alice's workspace", 'alice-s-workspace'],
    ['  --Hello,   World!!--  ', 'hello-world'],
    ['Café Crème', 'cafe-creme'],
    ['ÅNGSTRÖM Ltd', 'angstrom-ltd'],
    ['Team 42', 'team-42'],
  ])('%j → %s-xxxxxx', (name, base) => {
    const result = slugify(name);
    expect(result).toMatch(suffix);
    expect(result.replace(suffix, '')).toBe(base);
  });

  it.each([[''], ['ab'], ['日本語'], ['!!!'], ['-a-']])(
    'falls back to "workspace" when too little is left of %j',
    (name) => {
      expect(slugify(name).replace(suffix, '')).toBe('workspace');
    },
  );

  it('caps the base at 32 characters without a trailing dash', () => {
    const result = slugify('a'.repeat(31) + ' bcdef ghij');
    const base = result.replace(suffix, '');
    expect(base.length).toBeLessThanOrEqual(32);
    expect(base).toBe('a'.repeat(31));
    expect(base.endsWith('-')).toBe(false);
  });

  it('makes a different slug each time (random suffix) that the slug schema accepts', () => {
    const names = ['Acme', 'x', 'a'.repeat(200), 'Café Crème — Zürich', '   ', 'A-B-C'];
    for (const name of names) {
      const result = slugify(name);
      expect(slugSchema.safeParse(result).success, result).toBe(true);
    }
    expect(slugify('Acme')).not.toBe(slugify('Acme'));
  });
});
