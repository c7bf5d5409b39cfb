import 'server-only';
import { sql } from 'drizzle-orm';
import { dbConfigFromEnv } from '../db/config';
import type { Tx } from '../db/tenant';
import { BOARD_EVENTS_CHANNEL, encodeBoardEvent, type BoardEvent } from './events';

/**
 * Announces a board change from INSIDE the use case's tenant transaction. NOTIFY is transactional: listeners
 * (every replica's SSE hub) hear it only if the change commits, and never for a rolled-back one.
 * Skipped on the Neon driver, where no process holds a LISTEN connection and clients poll instead.
 */
export async function publishBoardEvent(tx: Tx, event: BoardEvent): Promise<void> {
  if (dbConfigFromEnv().driver === 'neon') return;
  await tx.execute(sql`select pg_notify(${BOARD_EVENTS_CHANNEL}, ${encodeBoardEvent(event)})`);
}
