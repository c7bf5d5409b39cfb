import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, newNonce } from '../../src/server/http/csp';

describe('Content-Security-Policy', () => {
  it('pages: only scripts with this nonce (and what they load) run; no unsafe-inline', () => {
    const policy = contentSecurityPolicy({ nonce: 'abc123' });
    expect(policy).toMatch(/script-src 'self' 'nonce-abc123' 'strict-dynamic';/);
    expect(policy).not.toMatch(/unsafe-inline'[^;]*;\s*style/);
    expect(policy.split('; ').find((d) => d.startsWith('script-src'))).not.toContain('unsafe');
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
  });

  it('without a nonce no script runs but our own files; dev adds eval only', () => {
    expect(contentSecurityPolicy()).toContain("script-src 'self';");
    expect(contentSecurityPolicy({ dev: true })).toContain("script-src 'self' 'unsafe-eval';");
  });

  it('nonces are 16 random bytes, never repeated', () => {
    const nonces = new Set(Array.from({ length: 1000 }, newNonce));
    expect(nonces.size).toBe(1000);
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
  });
});
