import { describe, expect, it } from 'vitest';
import { signInAccountKey, signInEmail } from '../../src/server/auth/sign-in-limit';

describe('per-account sign-in limit key', () => {
  it('is one key per account however the email is written, and never the email itself', () => {
    const key = signInAccountKey('ada@example.com');
    expect(signInAccountKey('  ADA@Example.COM ')).toBe(key);
    expect(signInAccountKey('ａｄａ@example.com')).toBe(key); // full-width letters, NFKC
    expect(signInAccountKey('bob@example.com')).not.toBe(key);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain('ada');
  });

  it('reads the email from a clone, leaving the body for better-auth', async () => {
    const request = new Request('http://x/api/auth/sign-in/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.c', password: 'p' }),
    });
    expect(await signInEmail(request)).toBe('a@b.c');
    expect(await request.json()).toEqual({ email: 'a@b.c', password: 'p' });
    for (const body of ['not json', '{}', '{"email":42}', '{"email":"  "}'])
      expect(await signInEmail(new Request('http://x', { method: 'POST', body }))).toBeNull();
  });

  it('refuses an oversized body as 413', async () => {
    const big = new Request('http://x', {
      method: 'POST',
      body: JSON.stringify({ email: 'a@b.c', pad: 'x'.repeat(20_000) }),
    });
    await expect(signInEmail(big)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });
});
