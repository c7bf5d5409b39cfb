import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { authSecret } from '../../src/server/auth/secret';
import { resetEnv } from '../../src/server/env';

// authSecret() reads the validated configuration, parsed once: each case sets the environment, then re-reads it.
const withEnv = (change: () => void) => {
  change();
  resetEnv();
};

const saved = { secret: process.env.BETTER_AUTH_SECRET, dir: process.env.PGLITE_DATA_DIR };
const dirs: string[] = [];
afterEach(() => {
  process.env.BETTER_AUTH_SECRET = saved.secret;
  process.env.PGLITE_DATA_DIR = saved.dir;
  if (saved.secret === undefined) delete process.env.BETTER_AUTH_SECRET;
  if (saved.dir === undefined) delete process.env.PGLITE_DATA_DIR;
  dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  resetEnv();
});

describe('the session-signing secret', () => {
  it('uses BETTER_AUTH_SECRET when set', () => {
    withEnv(() => (process.env.BETTER_AUTH_SECRET = 'configured-secret-of-at-least-32-characters'));
    expect(authSecret()).toBe('configured-secret-of-at-least-32-characters');
  });

  it('in embedded mode, generates one beside the data, private to the owner, and reuses it after a restart', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'tika-secret-'));
    dirs.push(root);
    withEnv(() => {
      delete process.env.BETTER_AUTH_SECRET;
      process.env.PGLITE_DATA_DIR = path.join(root, 'pglite');
    });
    const first = authSecret();
    const file = path.join(root, 'auth-secret');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.length).toBeGreaterThanOrEqual(43);
    expect(authSecret()).toBe(first);
  });

  it('for an in-memory database, a fresh random secret each time (nothing to persist)', () => {
    withEnv(() => {
      delete process.env.BETTER_AUTH_SECRET;
      process.env.PGLITE_DATA_DIR = 'memory://';
    });
    expect(authSecret()).not.toBe(authSecret());
  });
});
