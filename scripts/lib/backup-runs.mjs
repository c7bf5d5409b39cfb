// Records one backup run in the database's backup_runs table (the operations migration), so Tika can export
// backup_last_* metrics (alerts: backup too old, backup failed) and `tika doctor` and the operations page can show
// it. Used by scripts/backup-s3.mjs (Kubernetes); scripts/backup.sh does the same with psql. Best effort: a run
// that cannot be recorded is logged, never failed — the dump matters more than its record.
//   url: BACKUP_DATABASE_URL (the role needs INSERT on backup_runs: a superuser, or GRANT INSERT … TO it)
/**
 * @param {string | undefined} url
 * @param {{ startedAt: Date | string, ok: boolean, source: string, file?: string | null, bytes?: number | null,
 *   sha256?: string | null, detail?: string | null }} run
 * @returns {Promise<{ recorded: boolean, reason?: string }>}
 */
export async function recordBackupRun(url, run) {
  if (!url) return { recorded: false, reason: 'BACKUP_DATABASE_URL unset' };
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.query(
      `insert into backup_runs (started_at, finished_at, ok, source, file, bytes, sha256, detail)
       values ($1, now(), $2, $3, $4, $5, $6, $7)`,
      [run.startedAt, run.ok, run.source, run.file ?? null, run.bytes ?? null, run.sha256 ?? null, run.detail ?? null],
    );
    return { recorded: true };
  } catch (error) {
    return { recorded: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    await client.end().catch(() => undefined);
  }
}
