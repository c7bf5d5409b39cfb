import 'server-only';
import { and, eq, lt, sql } from 'drizzle-orm';
import { idempotencyKeys } from './schema';
import type { Tx } from './tenant';

// How long a key is remembered. A client retrying after a day is sending a new request. The hourly housekeeping
// job deletes older keys of every workspace.
export const IDEMPOTENCY_KEY_HOURS = 24;
const RETENTION = sql`make_interval(hours => ${IDEMPOTENCY_KEY_HOURS})`;

export interface StoredAnswer {
  fingerprint: string;
  status: number;
  body: string | null;
  vanished?: boolean;
}

/**
 * Claims `key` for this request inside the caller's tenant transaction. Returns null when claimed (run the
 * request), or the earlier request's answer. A concurrent claim of the same key waits on the primary key until
 * the first transaction ends: after a commit it sees the stored answer, after a rollback it claims the key itself.
 */
export async function claimIdempotencyKey(
  tx: Tx,
  claim: { tenantId: string; key: string; fingerprint: string; operationId: string },
): Promise<StoredAnswer | null> {
  const claimed = await tx
    .insert(idempotencyKeys)
    .values(claim)
    .onConflictDoUpdate({
      target: [idempotencyKeys.tenantId, idempotencyKeys.key],
      // An expired key is reused as if new; a live one is left untouched (the WHERE makes the upsert a no-op).
      set: {
        fingerprint: claim.fingerprint,
        operationId: claim.operationId,
        responseStatus: null,
        responseBody: null,
        createdAt: sql`now()`,
      },
      setWhere: lt(idempotencyKeys.createdAt, sql`now() - ${RETENTION}`),
    })
    .returning({ key: idempotencyKeys.key });
  if (claimed.length) return null;
  const [earlier] = await tx
    .select({
      fingerprint: idempotencyKeys.fingerprint,
      status: idempotencyKeys.responseStatus,
      body: idempotencyKeys.responseBody,
    })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.tenantId, claim.tenantId), eq(idempotencyKeys.key, claim.key)));
  // Gone between the two statements (expired and swept by another request): the client may simply retry.
  if (!earlier) return { fingerprint: claim.fingerprint, status: 409, body: null, vanished: true };
  // Committed keys always carry an answer: it is written in the same transaction as the claim.
  return { fingerprint: earlier.fingerprint, status: earlier.status ?? 500, body: earlier.body };
}

export async function storeIdempotentAnswer(
  tx: Tx,
  where: { tenantId: string; key: string },
  answer: { status: number; body: string | null },
): Promise<void> {
  await tx
    .update(idempotencyKeys)
    .set({ responseStatus: answer.status, responseBody: answer.body })
    .where(and(eq(idempotencyKeys.tenantId, where.tenantId), eq(idempotencyKeys.key, where.key)));
}

/** Drops this workspace's expired keys; called now and then from a claim so the table stays small. */
export async function forgetExpiredIdempotencyKeys(tx: Tx, tenantId: string): Promise<void> {
  await tx
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.tenantId, tenantId), lt(idempotencyKeys.createdAt, sql`now() - ${RETENTION}`)));
}
