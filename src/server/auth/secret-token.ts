import 'server-only';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A bearer secret: shown once, stored only as its SHA-256. 32 random bytes make salting unnecessary. */
export function newSecret(kind: 'tika' | 'tinv'): { secret: string; hash: string; prefix: string } {
  const secret = `${kind}_${randomBytes(32).toString('base64url')}`;
  return { secret, hash: hashSecret(secret), prefix: secret.slice(0, 12) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

export function looksLikeSecret(value: string, kind: 'tika' | 'tinv'): boolean {
  return new RegExp(`^${kind}_[A-Za-z0-9_-]{43}$`).test(value);
}
