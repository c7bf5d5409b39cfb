import 'server-only';
import { createHash } from 'node:crypto';
import { AppError } from '../errors';
import { env } from '../env';
import type { RequestScope } from '../http/observe';
import { enforceLimit } from '../rate-limit';

// Sign-in attempts per account, whatever the client IP: the per-IP limit alone is beaten by rotating addresses
// (or X-Forwarded-For values) against one account. Every attempt counts, right password or wrong, and the key
// is the same whether or not the account exists, so a 429 reveals nothing about which emails are registered.
// The key is a hash: emails never sit in Redis in clear. Through the shared rate-limit backend it holds across
// replicas (Redis / Upstash).

const MAX_SIGN_IN_BODY_BYTES = 16_384;

/** The account an email names, as better-auth matches it (case-insensitive, surrounding spaces ignored). */
export function signInAccountKey(email: string): string {
  const normalised = email.normalize('NFKC').trim().toLowerCase();
  return createHash('sha256').update(normalised, 'utf8').digest('hex');
}

/** The email a sign-in body names, read from a clone so better-auth still gets the body; null when there is none. */
export async function signInEmail(request: Request): Promise<string | null> {
  if (Number(request.headers.get('content-length') ?? 0) > MAX_SIGN_IN_BODY_BYTES)
    throw new AppError('PAYLOAD_TOO_LARGE', `Sign-in bodies are limited to ${MAX_SIGN_IN_BODY_BYTES} bytes`);
  const text = await request.clone().text();
  if (Buffer.byteLength(text) > MAX_SIGN_IN_BODY_BYTES)
    throw new AppError('PAYLOAD_TOO_LARGE', `Sign-in bodies are limited to ${MAX_SIGN_IN_BODY_BYTES} bytes`);
  try {
    const body: unknown = JSON.parse(text);
    const email = body && typeof body === 'object' ? (body as { email?: unknown }).email : undefined;
    return typeof email === 'string' && email.trim() ? email : null;
  } catch {
    return null;
  }
}

export async function limitSignInByAccount(request: Request, scope: RequestScope): Promise<void> {
  const email = await signInEmail(request);
  if (email === null) return;
  Object.assign(scope.headers, await enforceLimit('signin', signInAccountKey(email), env().RATE_LIMIT_SIGN_IN_ACCOUNT));
}
