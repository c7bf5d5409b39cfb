import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'drizzle-orm';
import type { PgTransaction, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { getDb, type Schema } from './client';
import { logger } from '../logger';
import { timeDb } from '../metrics';

export type Tx = PgTransaction<PgQueryResultHKT, Schema, never>;

// Unqualified names in every tenant transaction resolve to the app's schema, never to a temporary table of the
// same name: pg_temp is searched first unless it is listed, so it is listed last. (Temporary tables are refused to
// every role anyway — the database_defence migration — and raw SQL names public.* itself; this holds whatever a session did to its
// own search_path before.)
const SEARCH_PATH = 'public, pg_temp';

/**
 * Runs `work` in ONE transaction as tika_app with the tenant set. Both settings are transaction-local
 * (is_local = true), so nothing leaks to the next user of a pooled connection. Keep `work` short: the
 * connection is held until it returns.
 */
export async function withTenant<T>(tenantId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  const joined = openTransaction.getStore();
  if (joined) {
    if (joined.tenantId !== tenantId) throw new Error('A transaction of one workspace cannot run work for another');
    return work(joined.tx);
  }
  const db = await getDb();
  return committed(() =>
    timeDb('tenant_transaction', () =>
      db.transaction(async (tx) => {
        await tx.execute(
          sql`select set_config('role', 'tika_app', true), set_config('app.tenant_id', ${tenantId}, true), set_config('search_path', ${SEARCH_PATH}, true)`,
        );
        return work(tx as unknown as Tx);
      }),
    ),
  );
}

// Effects that must follow a commit (metrics, cache invalidation) are registered on the transaction and run only
// once the OUTERMOST transaction has committed — a use case joined into an idempotency transaction (below) has
// not committed when its own withTenant returns. A rollback drops them.
const pendingEffects = new AsyncLocalStorage<(() => void)[]>();

async function committed<T>(run: () => Promise<T>): Promise<T> {
  const effects: (() => void)[] = [];
  const result = await pendingEffects.run(effects, run);
  for (const effect of effects) {
    try {
      effect();
    } catch (error) {
      // The change is committed; a failing side effect must not turn it into an error response.
      logger.error({ err: error }, 'an after-commit effect failed');
    }
  }
  return result;
}

/** Runs `effect` after the transaction `work` runs in has committed (never, if it rolls back). */
export function afterCommit(effect: () => void): void {
  const effects = pendingEffects.getStore();
  if (!effects) throw new Error('afterCommit() outside a transaction: call it from inside withTenant');
  effects.push(effect);
}

// Set only by withJoinableTenant: the use case's own withTenant calls then run inside the caller's transaction.
const openTransaction = new AsyncLocalStorage<{ tenantId: string; tx: Tx }>();

/**
 * Like withTenant, but every withTenant call made (directly or through a use case) while `work` runs joins this
 * one transaction. Used where something must commit atomically with whatever the use case writes (idempotency
 * keys and their stored answers).
 */
export async function withJoinableTenant<T>(tenantId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return withTenant(tenantId, (tx) => openTransaction.run({ tenantId, tx }, () => work(tx)));
}

/** A transaction as tika_app with no tenant: tenant tables read as empty; only lookup.* functions answer. */
export async function withoutTenant<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('role', 'tika_app', true), set_config('search_path', ${SEARCH_PATH}, true)`);
    return work(tx as unknown as Tx);
  });
}
