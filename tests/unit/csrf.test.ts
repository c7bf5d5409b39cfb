import { afterEach, describe, expect, it } from 'vitest';
import { appOrigins, assertSameOrigin, isFormContentType } from '../../src/server/http/csrf';

// The CSRF rule (src/server/http/csrf.ts): a state-changing request with cookies must name one of our origins.

const request = (method: string, headers: Record<string, string>) =>
  new Request('http://127.0.0.1:3000/api/v1/boards', { method, headers });
const refused = (fn: () => void) => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'allowed';
};

describe('assertSameOrigin', () => {
  const saved = { APP_URL: process.env.APP_URL, TRUSTED_ORIGINS: process.env.TRUSTED_ORIGINS };
  afterEach(() => {
    process.env.APP_URL = saved.APP_URL;
    if (saved.TRUSTED_ORIGINS === undefined) delete process.env.TRUSTED_ORIGINS;
    else process.env.TRUSTED_ORIGINS = saved.TRUSTED_ORIGINS;
  });

  it('takes our origins from APP_URL and TRUSTED_ORIGINS, normalised', () => {
    process.env.APP_URL = 'https://tika.example.com/';
    process.env.TRUSTED_ORIGINS = 'https://admin.example.com/x, not a url';
    expect(appOrigins()).toEqual(['https://tika.example.com', 'https://admin.example.com']);
  });

  it('lets reads through and judges every unsafe method', () => {
    process.env.APP_URL = 'https://tika.example.com';
    const cookie = 'better-auth.session_token=x';
    for (const method of ['GET', 'HEAD', 'OPTIONS'])
      expect(refused(() => assertSameOrigin(request(method, { cookie, origin: 'https://evil.example' })))).toBe(
        'allowed',
      );
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(refused(() => assertSameOrigin(request(method, { cookie, origin: 'https://tika.example.com' })))).toBe(
        'allowed',
      );
      expect(refused(() => assertSameOrigin(request(method, { cookie, origin: 'https://evil.example' })))).toBe(
        'CROSS_ORIGIN_REJECTED',
      );
      expect(refused(() => assertSameOrigin(request(method, { cookie })))).toBe('CROSS_ORIGIN_REJECTED');
    }
  });

  it('refuses a sibling origin, an opaque origin and a foreign Referer; accepts our Referer when Origin is absent', () => {
    process.env.APP_URL = 'https://tika.example.com';
    const cookie = 'a=b';
    expect(refused(() => assertSameOrigin(request('POST', { cookie, origin: 'https://other.tika.example.com' })))).toBe(
      'CROSS_ORIGIN_REJECTED',
    );
    expect(refused(() => assertSameOrigin(request('POST', { cookie, origin: 'http://tika.example.com' })))).toBe(
      'CROSS_ORIGIN_REJECTED',
    );
    expect(refused(() => assertSameOrigin(request('POST', { cookie, origin: 'null' })))).toBe('CROSS_ORIGIN_REJECTED');
    expect(refused(() => assertSameOrigin(request('POST', { cookie, referer: 'https://evil.example/x' })))).toBe(
      'CROSS_ORIGIN_REJECTED',
    );
    expect(
      refused(() => assertSameOrigin(request('POST', { cookie, referer: 'https://tika.example.com/w/acme' }))),
    ).toBe('allowed');
  });

  it('without cookies only a foreign Origin is refused; a bearer token exempts when it is what authenticates', () => {
    process.env.APP_URL = 'https://tika.example.com';
    expect(refused(() => assertSameOrigin(request('POST', {})))).toBe('allowed');
    expect(refused(() => assertSameOrigin(request('POST', { origin: 'null' })))).toBe('allowed');
    expect(refused(() => assertSameOrigin(request('POST', { origin: 'https://evil.example' })))).toBe(
      'CROSS_ORIGIN_REJECTED',
    );
    const withToken = { cookie: 'a=b', authorization: 'Bearer tika_x', origin: 'https://evil.example' };
    expect(refused(() => assertSameOrigin(request('POST', withToken), { bearerAuthenticates: true }))).toBe('allowed');
    expect(refused(() => assertSameOrigin(request('POST', withToken)))).toBe('CROSS_ORIGIN_REJECTED');
  });
});

describe('isFormContentType', () => {
  it('names the bodies a cross-site form can send without a preflight', () => {
    for (const type of [
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      ' TEXT/PLAIN',
    ])
      expect(isFormContentType(type)).toBe(true);
    for (const type of [null, '', 'application/json', 'application/merge-patch+json', 'text/html'])
      expect(isFormContentType(type)).toBe(false);
  });
});
