import { readFileSync } from 'node:fs';
import path from 'node:path';
import { connection } from 'next/server';
import { sql } from 'drizzle-orm';
import { getDb } from './db/client';
import { migrationsFolder } from './db/migrations-folder';

type Check = { status: 'ok' | 'down'; latencyMs: number; detail?: string };

/** The process answers. Nothing else: a liveness probe that checks dependencies restarts healthy pods. */
export async function liveness(): Promise<Response> {
  await connection();
  return Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
}

function expectedMigrations(): number {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}

async function databaseCheck(): Promise<Check> {
  const started = performance.now();
  try {
    const db = await getDb();
    const result = (await db.execute(sql`select count(*)::int as applied from drizzle.__drizzle_migrations`)) as unknown as { rows: { applied: number }[] };
    const applied = Number(result.rows[0]?.applied ?? 0);
    const expected = expectedMigrations();
    const latencyMs = Math.round(performance.now() - started);
    if (applied < expected) return { status: 'down', latencyMs, detail: `migrations pending: ${applied}/${expected} applied` };
    if (applied > expected) return { status: 'down', latencyMs, detail: `database schema is newer than this build (${applied} > ${expected})` };
    return { status: 'ok', latencyMs };
  } catch (error) {
    return { status: 'down', latencyMs: Math.round(performance.now() - started), detail: error instanceof Error ? error.message.split('\n')[0] : 'unreachable' };
  }
}

/** Ready to serve: the database answers and its schema matches this build. */
export async function readiness(): Promise<Response> {
  await connection();
  const database = await databaseCheck();
  const status = database.status === 'ok' ? 'ok' : 'unhealthy';
  return Response.json({ status, checks: { database } }, { status: status === 'ok' ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
