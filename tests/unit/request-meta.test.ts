import { describe, expect, it } from 'vitest';
import { peerHeaderName } from '../../src/server/http/client-ip';
import { clientIp, requestIdFrom, requestMeta } from '../../src/server/http/request-meta';

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request id', () => {
  it.each([
    'abcdefgh',
    'req_2024-01-01T00:00:00.000Z',
    'a.b:c-d_e',
    '0af7651916cd43dd8448eb211c80319c',
    'x'.repeat(128),
  ])('keeps a sane incoming id %s', (id) => {
    expect(requestIdFrom(new Headers({ 'x-request-id': id }))).toBe(id);
  });

  it.each([
    ['too short', 'abc'],
    ['too long', 'x'.repeat(129)],
    ['spaces', 'abc def ghi'],
    ['log injection', 'abcdefgh\\nINFO fake'],
    ['html', '<script>alert(1)</script>'],
    ['slash', 'abcd/efgh'],
    ['unicode', 'ééééééééé'],
  ])('replaces an insane one (%s) with a fresh uuid', (_name, id) => {
    const result = requestIdFrom(new Headers({ 'x-request-id': id }));
    expect(result).not.toBe(id);
    expect(result).toMatch(uuidV4);
  });

  it('mints a uuid when none is sent, a different one each time', () => {
    const a = requestIdFrom(new Headers());
    const b = requestIdFrom(new Headers());
    expect(a).toMatch(uuidV4);
    expect(a).not.toBe(b);
  });
});

describe('client ip (details in client-ip.test.ts)', () => {
  it('never believes X-Forwarded-For or X-Real-IP by default: without a peer address there is none', () => {
    expect(clientIp(new Headers({ 'x-forwarded-for': '203.0.113.7', 'x-real-ip': '192.0.2.9' }))).toBeNull();
  });

  it('takes the connection peer the Node server recorded', () => {
    expect(clientIp(new Headers({ [peerHeaderName()]: '::ffff:198.51.100.1', 'x-forwarded-for': '1.2.3.4' }))).toBe(
      '198.51.100.1',
    );
  });
});

describe('requestMeta', () => {
  it('collects id, ip and a bounded user agent', () => {
    const request = new Request('http://localhost/api/v1/me', {
      headers: {
        'x-request-id': 'trace-12345678',
        [peerHeaderName()]: '203.0.113.7',
        'x-forwarded-for': '198.51.100.66',
        'user-agent': 'u'.repeat(1000),
      },
    });
    const meta = requestMeta(request);
    expect(meta.requestId).toBe('trace-12345678');
    expect(meta.ip).toBe('203.0.113.7');
    expect(meta.userAgent).toHaveLength(512);
    expect(requestMeta(new Request('http://localhost/')).userAgent).toBeNull();
  });
});
