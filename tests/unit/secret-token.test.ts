import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashSecret, looksLikeSecret, newSecret, sameHash } from '../../src/server/auth/secret-token';

describe('secret tokens', () => {
  it.each(['tika', 'tinv'] as const)(
    'newSecret(%s) has the kind prefix, 43 base64url chars, its SHA-256 and a 12-char prefix',
    (kind) => {
      const { secret, hash, prefix } = newSecret(kind);
      expect(secret).toMatch(new RegExp(`^${kind}_[A-Za-z0-9_-]{43}$`));
      expect(hash).toBe(createHash('sha256').update(secret).digest('hex'));
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(prefix).toBe(secret.slice(0, 12));
      expect(prefix.startsWith(`${kind}_`)).toBe(true);
      expect(looksLikeSecret(secret, kind)).toBe(true);
    },
  );

  it('secrets are unique', () => {
    const seen = new Set(Array.from({ length: 200 }, () => newSecret('tika').secret));
    expect(seen.size).toBe(200);
  });

  it('hashSecret is deterministic and distinguishes secrets', () => {
    expect(hashSecret('tika_abc')).toBe(hashSecret('tika_abc'));
    expect(hashSecret('tika_abc')).not.toBe(hashSecret('tika_abd'));
  });

  it('looksLikeSecret rejects the wrong kind, wrong length and foreign characters', () => {
    const { secret } = newSecret('tika');
    expect(looksLikeSecret(secret, 'tinv')).toBe(false);
    expect(looksLikeSecret(secret.slice(0, -1), 'tika')).toBe(false);
    expect(looksLikeSecret(`${secret}A`, 'tika')).toBe(false);
    expect(looksLikeSecret(`${secret.slice(0, -1)}=`, 'tika')).toBe(false);
    expect(looksLikeSecret(` ${secret}`, 'tika')).toBe(false);
    expect(looksLikeSecret('', 'tika')).toBe(false);
  });

  it('sameHash compares hex hashes in constant time and handles length mismatch', () => {
    const a = hashSecret('one');
    expect(sameHash(a, hashSecret('one'))).toBe(true);
    expect(sameHash(a, hashSecret('two'))).toBe(false);
    expect(sameHash(a, a.slice(0, 32))).toBe(false);
    expect(sameHash(a, '')).toBe(false);
  });
});
