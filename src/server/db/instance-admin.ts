import 'server-only';
import { sql } from 'drizzle-orm';
import { getAuthDb } from './client';

/**
 * The first account ever created (the instance's owner by default). Accounts are the auth library's: asked
 * through its own login role (DATABASE_AUTH_URL), since the runtime role sees only the members of the current
 * workspace and none outside one (issue #12, finding 7).
 */
export async function firstAccountId(): Promise<string | null> {
  const db = await getAuthDb();
  const result = (await db.execute(sql`select id from public.users order by created_at, id limit 1`)) as unknown as {
    rows: { id: string }[];
  };
  return result.rows[0]?.id ?? null;
}
