import 'server-only';
import { sql } from 'drizzle-orm';
import { getDb } from './client';

// Heartbeats of running Tika processes (the `instances` table): how many replicas run and how each is configured.
// Written outside tenant transactions by the runtime role (tika_app may); read by the doctor and the operations
// page.

export interface InstanceRow {
  id: string;
  hostname: string;
  version: string | null;
  startedAt: Date;
  lastSeenAt: Date;
  details: Record<string, unknown>;
}

export async function beat(row: Omit<InstanceRow, 'lastSeenAt'>): Promise<void> {
  const db = await getDb();
  await db.execute(sql`
    insert into instances (id, hostname, version, started_at, last_seen_at, details)
    values (${row.id}, ${row.hostname}, ${row.version}, ${row.startedAt.toISOString()}, now(), ${JSON.stringify(row.details)}::jsonb)
    on conflict (id) do update set last_seen_at = now(), details = excluded.details`);
  // Processes that died without saying goodbye (kill -9, a lost node) fall out after a day.
  await db.execute(sql`delete from instances where last_seen_at < now() - interval '1 day'`);
}

export async function forget(id: string): Promise<void> {
  const db = await getDb();
  await db.execute(sql`delete from instances where id = ${id}`);
}

/** Instances seen within `withinSeconds`, newest first. */
export async function liveInstances(withinSeconds = 90): Promise<InstanceRow[]> {
  const db = await getDb();
  const result = (await db.execute(sql`
    select id, hostname, version, started_at, last_seen_at, details from instances
    where last_seen_at > now() - make_interval(secs => ${withinSeconds}) order by started_at desc`)) as unknown as {
    rows: Record<string, unknown>[];
  };
  return result.rows.map((r) => ({
    id: String(r.id),
    hostname: String(r.hostname),
    version: r.version == null ? null : String(r.version),
    startedAt: new Date(String(r.started_at)),
    lastSeenAt: new Date(String(r.last_seen_at)),
    details: (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as Record<string, unknown>,
  }));
}
