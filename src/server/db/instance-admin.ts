import { sql } from 'drizzle-orm';
import { getDb } from './client';

/** The first account ever created (the instance's owner by default). */
export async function firstAccountId(): Promise<string | null> {
  const db = await getDb();
  const result = (await db.execute(sql`select id from users order by created_at, id limit 1`)) as unknown as {
    rows: { id: string }[];
  };
  return result.rows[0]?.id ?? null;
}
