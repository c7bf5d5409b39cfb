import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type Postgres } from '../support/procs';

// The login roles carry server-side limits as session defaults (docs/overload.md): a runaway statement, a stuck
// lock wait or a transaction left open is ended by PostgreSQL even where the app's own per-connection settings are
// missing. A cluster made the way every install makes it (scripts/ci/postgres.sh runs the role file as the
// superuser, then scripts/migrate.mjs runs as the owner, who has no CREATEROLE): a bare session of each login role
// must start with them. Before the role file set them, both started with statement_timeout 0.
let cluster: Postgres;
beforeAll(async () => {
  cluster = await startPostgres({ prefix: 'roles' });
});
afterAll(() => cluster?.stop());

describe('runtime role limits on a real cluster', () => {
  it('a bare session of the runtime role and of the auth login role starts with them', async () => {
    const expected: Record<string, string> = {
      statement_timeout: '15s',
      lock_timeout: '5s',
      idle_in_transaction_session_timeout: '1min',
    };
    for (const url of [cluster.runtimeUrl, cluster.authUrl]) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        for (const [name, value] of Object.entries(expected))
          expect((await client.query(`show ${name}`)).rows[0][name], `${url.split('@')[0]} ${name}`).toBe(value);
      } finally {
        await client.end();
      }
    }
  });
});
