import 'server-only';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { authSecret } from '@/server/auth/secret';

// Signing secrets (Standard Webhooks, https://www.standardwebhooks.com): `whsec_` + base64 of 24 random bytes.
// The signature is `v1,` + base64(HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>")) — the spec's own
// libraries verify it (tests/…/webhooks use `standardwebhooks`). Written here rather than signed with that library:
// it is three lines of node:crypto, and the tests then check our format against the reference implementation.
//
// At rest the secrets are encrypted with AES-256-GCM under a key derived (HKDF) from BETTER_AUTH_SECRET: they must
// be readable to sign, so unlike API tokens they cannot be hashed. Rotating BETTER_AUTH_SECRET makes stored
// secrets unreadable: rotate each webhook's secret afterwards (deliveries say so).

export function newSigningSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** What the API shows of a secret after creation: enough to recognise it. */
export const secretPrefix = (secret: string) => `${secret.slice(0, 10)}…`;

const keyHolder = Symbol.for('tika.webhooks.key');
function encryptionKey(): Buffer {
  const holder = globalThis as { [keyHolder]?: Buffer };
  holder[keyHolder] ??= Buffer.from(hkdfSync('sha256', authSecret(), 'tika', 'webhook signing secrets v1', 32));
  return holder[keyHolder];
}

export function encryptSecret(secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', encryptionKey(), iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64')}`;
}

export class SecretUnreadable extends Error {
  override name = 'SecretUnreadable';
}

export function decryptSecret(stored: string): string {
  try {
    const raw = Buffer.from(stored.replace(/^v1:/, ''), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', encryptionKey(), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretUnreadable(
      'the signing secret cannot be decrypted (was BETTER_AUTH_SECRET changed?): rotate this webhook’s secret',
    );
  }
}

function signature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** The three Standard Webhooks headers; every secret given signs (rotation: new and previous). */
export function signedHeaders(secrets: string[], id: string, timestamp: number, body: string): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((secret) => signature(secret, id, timestamp, body)).join(' '),
  };
}
