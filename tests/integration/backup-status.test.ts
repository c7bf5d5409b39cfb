import { sql } from 'drizzle-orm';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../src/server/db/client';
import { lookupBackupStatus } from '../../src/server/db/lookups';
import { readinessSample } from '../../src/server/health';
import { metrics, setBackupCollector, setReadinessCollector } from '../../src/server/metrics';

// Backup runs are written by the backup job (scripts/backup.sh, the Helm CronJob) into backup_runs; the runtime
// reads them only through lookup.backup_status(), which /api/metrics turns into backup_last_* gauges. The runtime
// role itself may not write them.

/** As the job would: the owner on a server (it owns the table), the embedded database's own user on PGlite. */
async function asBackupJob(statement: string, params: unknown[] = []): Promise<void> {
  const ownerUrl = process.env.DATABASE_OWNER_URL;
  if (!ownerUrl || process.env.TIKA_TEST_DB === undefined || process.env.TIKA_TEST_DB === 'pglite') {
    // PGlite's session runs as an unprivileged role; its superuser stands in for the job's.
    type Tx = { query(s: string, p?: unknown[]): Promise<unknown> };
    const db = await getDb();
    const client = (db as unknown as { $client: { transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> } }).$client;
    await client.transaction(async (tx) => {
      await tx.query('set local role postgres');
      await tx.query(statement, params);
    });
    return;
  }
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(statement, params);
  } finally {
    await client.end();
  }
}

async function gauge(name: string): Promise<number | undefined> {
  const text = await metrics().registry.metrics();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : undefined;
}

// Opening the database (PGlite migrates first) is setup, not the test.
beforeAll(async () => {
  await getDb();
});

describe('backup runs', () => {
  it('are empty on a fresh database: no success, no failure, zero gauges', async () => {
    await asBackupJob('delete from backup_runs');
    const status = await lookupBackupStatus();
    expect(status).toMatchObject({ lastSuccessAt: null, lastFailureAt: null, runs: 0 });
  });

  it('report the newest success and the newest failure, and feed the backup_last_* gauges', async () => {
    const insert = `insert into backup_runs (started_at, finished_at, ok, source, file, bytes, sha256, detail)
                    values ($1, $2, $3, $4, $5, $6, $7, $8)`;
    const sha = 'a'.repeat(64);
    await asBackupJob(insert, [
      '2026-01-01T02:30:00Z',
      '2026-01-01T02:31:00Z',
      true,
      'compose',
      'old.dump',
      10,
      sha,
      null,
    ]);
    await asBackupJob(insert, [
      '2026-01-02T02:30:00Z',
      '2026-01-02T02:31:00Z',
      true,
      'compose',
      'new.dump',
      2048,
      sha,
      null,
    ]);
    await asBackupJob(insert, [
      '2026-01-03T02:30:00Z',
      '2026-01-03T02:30:05Z',
      false,
      'compose',
      null,
      null,
      null,
      'pg_dump failed',
    ]);
    const status = await lookupBackupStatus();
    expect(status).toEqual({
      lastSuccessAt: new Date('2026-01-02T02:31:00Z'),
      lastSuccessSource: 'compose',
      lastSuccessFile: 'new.dump',
      lastSuccessBytes: 2048,
      lastSuccessSha256: sha,
      lastFailureAt: new Date('2026-01-03T02:30:05Z'),
      lastFailureDetail: 'pg_dump failed',
      runs: 3,
    });

    setBackupCollector(async () => {
      const s = await lookupBackupStatus();
      return {
        lastSuccess: Math.floor(s.lastSuccessAt!.getTime() / 1000),
        lastFailure: Math.floor(s.lastFailureAt!.getTime() / 1000),
        lastSuccessBytes: s.lastSuccessBytes ?? 0,
      };
    });
    expect(await gauge('backup_last_success_timestamp_seconds')).toBe(Date.parse('2026-01-02T02:31:00Z') / 1000);
    expect(await gauge('backup_last_failure_timestamp_seconds')).toBe(Date.parse('2026-01-03T02:30:05Z') / 1000);
    expect(await gauge('backup_last_success_bytes')).toBe(2048);
  });

  it('refuse a malformed checksum', async () => {
    await expect(
      asBackupJob(`insert into backup_runs (started_at, ok, source, sha256) values (now(), true, 'manual', 'nope')`),
    ).rejects.toThrow(/backup_runs_sha256/);
  });

  it('cannot be written by the app role (tika_app)', async () => {
    const db = await getDb();
    const attempt = db.transaction(async (tx) => {
      await tx.execute(sql`set local role tika_app`);
      await tx.execute(sql`insert into backup_runs (started_at, ok, source) values (now(), true, 'forged')`);
    });
    const error = await attempt.then(
      () => null,
      (e: unknown) => e as Error & { cause?: Error },
    );
    expect(String(error?.cause?.message ?? error?.message)).toMatch(/permission denied for table backup_runs/);
  });
});

describe('readiness as metrics', () => {
  it('health_ready and health_check_up{check="database"} say 1 when the database answers', async () => {
    expect(await readinessSample()).toEqual({ ready: true, checks: { database: true } });
    setReadinessCollector(readinessSample);
    expect(await gauge('health_ready')).toBe(1);
    const text = await metrics().registry.metrics();
    expect(text).toContain('health_check_up{check="database"} 1');
  });
});
