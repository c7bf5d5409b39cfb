import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The login roles' server-side limits are written twice: 0012's function (where the owner may ALTER ROLE) and the
// superuser's role file (the owner has no CREATEROLE there). Both must say the same; tests/ops/runtime-role-
// settings.test.ts checks that a real cluster's login roles get them.
const root = path.resolve(import.meta.dirname, '..', '..');
const roleFile = readFileSync(path.join(root, 'deploy/postgres/initdb/tika-roles.psql'), 'utf8');
const migration = readFileSync(path.join(root, 'drizzle/0012_runtime_timeouts.sql'), 'utf8');
const names = ['statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout'];

const inMigration = (name: string) => new RegExp(`SET ${name} = %L', runtime_role, '([^']+)'`).exec(migration)?.[1];
const inRoleFile = (role: string, name: string) =>
  new RegExp(`ALTER ROLE ${role} SET ${name} = '([^']+)'`).exec(roleFile)?.[1];

describe('runtime role limits', () => {
  it('the role file and 0012 set the same limits on both login roles', () => {
    for (const name of names) {
      expect(inMigration(name), name).toMatch(/^\d+s$/);
      expect(inRoleFile('tika_runtime', name), name).toBe(inMigration(name));
      expect(inRoleFile('tika_auth_login', name), name).toBe(inMigration(name));
    }
  });
});
