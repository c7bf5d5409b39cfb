import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Tika's PostgreSQL roles are written once, in deploy/postgres/initdb/tika-roles.psql; the compose init script,
// restore and the throwaway test clusters run that file, so what the tests run against is what production has.
const rolesFile = 'deploy/postgres/initdb/tika-roles.psql';
const rolesSql = readFileSync(rolesFile, 'utf8');
const createdRoles = (text: string) => [...text.matchAll(/CREATE ROLE (\w+)/gi)].map((m) => m[1]!.toLowerCase());
const tracked = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { encoding: 'utf8' })
  .split('\n')
  .filter((file) => file && !file.startsWith('node_modules/'));

describe('PostgreSQL roles, one source', () => {
  it('defines the login roles and the roles migrations grant to', () => {
    expect(createdRoles(rolesSql).sort()).toEqual([
      'tika_app',
      'tika_auth',
      'tika_auth_login',
      'tika_housekeeping',
      'tika_jobs',
      'tika_lookup',
      'tika_owner',
      'tika_runtime',
    ]);
    // The owner can create no role: every role must come from this file (next test).
    expect(rolesSql).toMatch(/CREATE ROLE tika_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS/);
    // The auth library logs in as a role of its own (issue #12, finding 7): tika_auth is its, never the runtime's.
    expect(rolesSql).toMatch(/CREATE ROLE tika_auth_login LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS/);
    expect(rolesSql).toMatch(/^GRANT tika_auth TO tika_auth_login;$/m);
    expect(rolesSql).not.toMatch(/^GRANT [\w, ]*\btika_auth\b[\w, ]* TO tika_runtime/m);
  });

  it('creates every role a migration creates, since the owner that runs migrations has no CREATEROLE', () => {
    const migrations = tracked.filter((file) => /^drizzle\/\d+.*\.sql$/.test(file));
    expect(migrations.length).toBeGreaterThan(0);
    const needed = new Set(migrations.flatMap((file) => createdRoles(readFileSync(file, 'utf8'))));
    expect([...needed].filter((role) => !createdRoles(rolesSql).includes(role))).toEqual([]);
  });

  it('is the only place that creates a role, apart from migrations and the embedded database', () => {
    const elsewhere = tracked.filter(
      (file) =>
        file !== rolesFile &&
        file !== 'tests/unit/roles-sql.test.ts' &&
        !file.startsWith('drizzle/') &&
        file !== 'src/server/db/drivers/pglite.ts' && // PGlite's single-user stand-in role, not a server role
        /\.(sh|sql|psql|mjs|ts|ya?ml)$/.test(file) &&
        createdRoles(readFileSync(file, 'utf8')).length > 0,
    );
    expect(elsewhere).toEqual([]);
  });

  it('is run by the compose init script, restore and the test clusters, and mounted where restore runs', () => {
    expect(readFileSync('deploy/postgres/initdb/10-tika-roles.sh', 'utf8')).toMatch(
      /-f "\$\(dirname .*\)\/tika-roles\.psql"/,
    );
    expect(readFileSync('scripts/restore.sh', 'utf8')).toMatch(/-f "\$roles_sql"/);
    expect(readFileSync('scripts/ci/postgres.sh', 'utf8')).toMatch(/-f "\$roles_sql"/);
    expect(readFileSync('docker-compose.production.yml', 'utf8')).toContain(
      './deploy/postgres/initdb/tika-roles.psql:/opt/tika/tika-roles.psql:ro',
    );
  });
});
