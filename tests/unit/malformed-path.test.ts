import { describe, expect, it } from 'vitest';
import { isDecodablePath, malformedPathProblem } from '../../src/server/http/malformed-path';
import { config, proxy } from '../../proxy';
import { NextRequest } from 'next/server';

// Found by the fuzz suite: /api/v1/boards/%zz (and %, %C0%AF, %ED%A0%80) answered a text/plain 500 from the router.
describe('paths that cannot be percent-decoded', () => {
  it.each([
    '/api/v1/%',
    '/api/v1/boards/%zz',
    '/api/v1/boards/%C0%AF',
    '/api/v1/tickets/%ED%A0%80/move',
    '/api/v1/tickets/%E0%A4%A',
  ])('%s is a problem+json 400 with a request id', async (path) => {
    expect(isDecodablePath(path)).toBe(false);
    const response = malformedPathProblem(
      new Request(`http://localhost${path}`, { headers: { 'x-request-id': 'req-malformed-1' } }),
    )!;
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('x-request-id')).toBe('req-malformed-1');
    expect(await response.json()).toMatchObject({ status: 400, code: 'BAD_REQUEST', requestId: 'req-malformed-1' });
  });

  it.each([
    '/api/v1/boards/6f9619ff-8b86-4011-b42d-00c04fc964ff',
    '/api/v1/boards/a%2Fb',
    '/api/v1/boards/%F0%9F%98%80',
    '/api/v1/boards/%00',
  ])('%s passes through', (path) => {
    expect(isDecodablePath(path)).toBe(true);
    expect(malformedPathProblem(new Request(`http://localhost${path}`))).toBeUndefined();
  });

  it('the proxy answers malformed API paths and lets the others through', async () => {
    expect((await proxy(new NextRequest('http://localhost/api/v1/boards/%zz')).json()).code).toBe('BAD_REQUEST');
    expect(proxy(new NextRequest('http://localhost/api/v1/boards/%20')).headers.get('x-middleware-next')).toBe('1');
    // Of the API, only paths with a percent sign run it at all (pages run it for their CSP nonce).
    expect(config.matcher).toContain('/api/:path(.*%.*)');
    const pages = new RegExp(`^${(config.matcher[0] as { source: string }).source}$`);
    expect(pages.test('/api/v1/boards')).toBe(false);
    expect(pages.test('/w/acme/b/1')).toBe(true);
    expect(proxy(new NextRequest('http://localhost/sign-in')).headers.get('content-security-policy')).toMatch(
      /'nonce-[^']+'/,
    );
  });
});
