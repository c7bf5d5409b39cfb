import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';

// The login roles carry server-side limits as session defaults (docs/overload.md): a runaway statement, a stuck
// lock wait or a transaction left open is ended by PostgreSQL even if the app's own per-connection settings are
// missing. The superuser's role file sets them (the owner has no CREATEROLE, so migrate's ALTER ROLE cannot), and
// 0012's function sets them where the owner can; both must say the same.
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

  const server = process.env.TIKA_TEST_DB === 'pg' || process.env.TIKA_TEST_DB === 'neon';
  // On a PostgreSQL server (test:pg, test:neon): a bare connection of each login role, no app settings, has them.
  it.runIf(server)('a bare session of the runtime role and of the auth login role starts with them', async () => {
    const expected: Record<string, string> = {
      statement_timeout: '15s',
      lock_timeout: '5s',
      idle_in_transaction_session_timeout: '1min',
    };
    for (const url of [process.env.DATABASE_URL, process.env.DATABASE_AUTH_URL]) {
      expect(url, 'DATABASE_URL and DATABASE_AUTH_URL (.ci/run sets both)').toBeTruthy();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        for (const name of names) expect((await client.query(`show ${name}`)).rows[0][name]).toBe(expected[name]);
      } finally {
        await client.end();
      }
    }
  });
});
