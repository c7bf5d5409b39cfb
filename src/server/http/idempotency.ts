import 'server-only';
import { createHash } from 'node:crypto';
import { claimIdempotencyKey, forgetExpiredIdempotencyKeys, storeIdempotentAnswer } from '../db/idempotency';
import { withJoinableTenant } from '../db/tenant';
import { AppError } from '../errors';
import type { TenantContext } from '../context';
import type { Endpoint } from './endpoint';
import { honoursIdempotencyKey, IDEMPOTENCY_KEY_FORMAT } from './idempotency-key';

/** What a handler answers, before it becomes a Response: stored as is for replays. */
export interface Answer {
  status: number;
  body: string | null;
}

/** The request's Idempotency-Key, when it is one this operation honours. POST only: the other verbs are idempotent already. */
export function idempotencyKeyOf(request: Request, endpoint: Endpoint): string | undefined {
  const key = request.headers.get('idempotency-key');
  if (key === null || endpoint.method !== 'POST') return undefined;
  if (!honoursIdempotencyKey(endpoint)) {
    throw new AppError(
      'IDEMPOTENCY_UNSUPPORTED',
      `${endpoint.operationId} cannot be replayed; send it without an Idempotency-Key`,
    );
  }
  if (!IDEMPOTENCY_KEY_FORMAT.test(key)) {
    throw new AppError('VALIDATION_FAILED', 'The Idempotency-Key header is invalid', {
      fields: [
        {
          path: 'headers.idempotency-key',
          message: 'Use 1 to 255 visible ASCII characters, e.g. a UUID',
          code: 'invalid_format',
        },
      ],
    });
  }
  return key;
}

/**
 * Runs `execute` at most once per key: claim, use case and stored answer commit together or not at all, so a
 * retry after a lost response replays the answer, and a retry after a failure runs again.
 */
export async function answerOnce(
  ctx: TenantContext,
  request: Request,
  endpoint: Endpoint,
  key: string,
  body: string,
  execute: () => Promise<Answer>,
) {
  const url = new URL(request.url);
  const fingerprint = createHash('sha256')
    .update([endpoint.operationId, `${ctx.actor.type}:${ctx.actor.id}`, url.pathname + url.search, body].join('\n'))
    .digest('hex');
  return withJoinableTenant(ctx.tenantId, async (tx) => {
    if (Math.random() < 0.01) await forgetExpiredIdempotencyKeys(tx, ctx.tenantId);
    const earlier = await claimIdempotencyKey(tx, {
      tenantId: ctx.tenantId,
      key,
      fingerprint,
      operationId: endpoint.operationId,
    });
    if (earlier?.vanished)
      throw new AppError('CONFLICT', 'This Idempotency-Key changed hands while the request ran; retry it');
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) {
        throw new AppError(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used for a different request; use a new key per request',
        );
      }
      return { answer: { status: earlier.status, body: earlier.body }, replayed: true };
    }
    const answer = await execute();
    await storeIdempotentAnswer(tx, { tenantId: ctx.tenantId, key }, answer);
    return { answer, replayed: false };
  });
}
