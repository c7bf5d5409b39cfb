import pg from 'pg';

// Fingerprints of every tenant table, to prove that a rejected request changed nothing. Read as the cluster's
// superuser: FORCE ROW LEVEL SECURITY binds the table owner too, so only a superuser sees every tenant's rows.
//
// Left out, on purpose, because the product writes them for requests it rejects and says so:
// - usage_daily: API usage metering counts every call a workspace makes, rejected ones included (flushed in batches);
// - api_tokens.last_used_at: a token that authenticated is "used" even if the request then fails validation.

const EXCLUDED_TABLES = new Set(['usage_daily']);
const EXCLUDED_COLUMNS: Record<string, string[]> = { api_tokens: ['last_used_at'] };

export interface DbSnapshot {
  /** table → "rows:md5" */
  tables: Record<string, string>;
}

export interface SnapshotReader {
  tables: string[];
  take(): Promise<DbSnapshot>;
  close(): Promise<void>;
}

export async function snapshotReader(superUrl: string): Promise<SnapshotReader> {
  const client = new pg.Client({ connectionString: superUrl });
  client.on('error', () => undefined);
  await client.connect();
  const { rows } = await client.query<{ table_name: string }>(
    `select c.table_name from information_schema.columns c join information_schema.tables t using (table_schema, table_name)
      where c.table_schema = 'public' and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE' order by 1`,
  );
  // workspaces is the tenant itself (its id is the tenant id).
  const tables = [
    'workspaces',
    ...rows.map((r) => r.table_name).filter((name) => name !== 'workspaces' && !EXCLUDED_TABLES.has(name)),
  ];
  const fingerprint = (table: string) => {
    // audit_logs is append-only (the database refuses UPDATE, DELETE and TRUNCATE): its row count is its fingerprint.
    if (table === 'audit_logs') return `select '${table}' as name, count(*)::int as n, '' as digest from "${table}"`;
    const dropped = (EXCLUDED_COLUMNS[table] ?? []).map((column) => ` - '${column}'`).join('');
    // Per-row md5 first so the aggregate stays small however wide the rows are.
    return `select '${table}' as name, count(*)::int as n, coalesce(md5(string_agg(h, '' order by h)), '') as digest
              from (select md5((to_jsonb(t)${dropped})::text) as h from "${table}" t) rows`;
  };
  const sql = tables.map(fingerprint).join('\nunion all\n');
  return {
    tables,
    async take() {
      const result = await client.query<{ name: string; n: number; digest: string }>(sql);
      return { tables: Object.fromEntries(result.rows.map((r) => [r.name, `${r.n}:${r.digest}`])) };
    },
    close: () => client.end(),
  };
}

/** Tables whose fingerprint differs between two snapshots. */
export function changedTables(before: DbSnapshot, after: DbSnapshot): string[] {
  return Object.keys({ ...before.tables, ...after.tables }).filter(
    (name) => before.tables[name] !== after.tables[name],
  );
}
