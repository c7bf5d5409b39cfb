import 'server-only';
import type { Endpoint } from './endpoint';

export const IDEMPOTENCY_KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

// These answers carry a secret that is shown once; storing it for a replay would keep a plaintext credential.
const SECRET_ANSWERS = new Set(['createApiToken', 'createInvitation']);

/** Tenant POSTs replay a stored answer for a repeated Idempotency-Key; the other verbs are idempotent already. */
export function honoursIdempotencyKey(endpoint: Pick<Endpoint, 'method' | 'auth' | 'operationId'>): boolean {
  return endpoint.method === 'POST' && endpoint.auth === 'tenant' && !SECRET_ANSWERS.has(endpoint.operationId);
}
