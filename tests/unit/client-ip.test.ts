import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/server/env';
import { clientIpWith, installPeerAddressCapture, peerHeaderName } from '../../src/server/http/client-ip';

// Issue #12, finding 3: whose word counts for the client's address. tests/security/client-ip.test.ts shows the same
// end to end (real sockets from 127.0.0.x, Caddy in front, the audit log and the limits).

const trust = (value: string | undefined) => parseEnv({ TRUSTED_PROXIES: value }).trustedProxies;
const request = (peer: string | null, forwarded?: string) =>
  new Headers({
    ...(peer === null ? {} : { [peerHeaderName()]: peer }),
    ...(forwarded === undefined ? {} : { 'x-forwarded-for': forwarded }),
  });

describe('TRUSTED_PROXIES', () => {
  it.each([
    [undefined, { kind: 'none' }],
    ['', { kind: 'none' }],
    ['0', { kind: 'none' }],
    ['1', { kind: 'hops', hops: 1 }],
    [' 2 ', { kind: 'hops', hops: 2 }],
    ['10.0.0.0/8', { kind: 'cidrs', ranges: [{ address: '10.0.0.0', prefix: 8, family: 'ipv4' }] }],
    [
      '192.168.1.7, fd00::/8',
      {
        kind: 'cidrs',
        ranges: [
          { address: '192.168.1.7', prefix: 32, family: 'ipv4' },
          { address: 'fd00::', prefix: 8, family: 'ipv6' },
        ],
      },
    ],
  ])('%j → %j', (value, parsed) => {
    expect(trust(value)).toEqual(parsed);
  });

  it.each(['11', 'yes', '10.0.0.0/33', '10.0.0.0/', '10.0.0.0/8/1', 'fd00::/129', 'example.com', '1, 10.0.0.0/8'])(
    'refuses %j with a message naming the variable',
    (value) => {
      expect(() => parseEnv({ TRUSTED_PROXIES: value })).toThrow(/TRUSTED_PROXIES/);
    },
  );
});

describe('clientIpWith', () => {
  it('unset: the socket peer, whatever the headers say', () => {
    expect(clientIpWith(request('203.0.113.5', '198.51.100.1'), trust(undefined))).toBe('203.0.113.5');
    expect(clientIpWith(request('::ffff:203.0.113.5'), trust(undefined))).toBe('203.0.113.5');
    expect(clientIpWith(request('2001:DB8::1'), trust(undefined))).toBe('2001:db8::1');
    expect(clientIpWith(request(null, '198.51.100.1'), trust(undefined))).toBeNull();
  });

  it('a hop count: the address that many hops before the peer; a forged prefix is ignored', () => {
    // Behind Caddy: the client forged "6.6.6.6", Caddy appended what it saw (198.51.100.7), the peer is Caddy.
    const behindCaddy = request('10.0.0.2', '6.6.6.6, 198.51.100.7');
    expect(clientIpWith(behindCaddy, trust('1'))).toBe('198.51.100.7');
    expect(clientIpWith(request('10.0.0.3', '6.6.6.6, 198.51.100.7, 10.0.0.2'), trust('2'))).toBe('198.51.100.7');
    // Fewer hops than declared (someone reached the app directly): the left-most address.
    expect(clientIpWith(request('198.51.100.9'), trust('1'))).toBe('198.51.100.9');
    // Vercel: the platform sets X-Forwarded-For to the client; the peer is unknown to the function.
    expect(clientIpWith(request(null, '198.51.100.8'), trust('1'))).toBe('198.51.100.8');
    // Garbage where the client should be: no address, not the garbage.
    expect(clientIpWith(request('10.0.0.2', 'not-an-ip'), trust('1'))).toBeNull();
  });

  it('a CIDR list: the right-most address outside it', () => {
    const trusted = trust('10.0.0.0/8, 192.168.0.0/16');
    expect(clientIpWith(request('10.0.0.2', '6.6.6.6, 198.51.100.7, 192.168.3.4'), trusted)).toBe('198.51.100.7');
    // A direct client (not a trusted proxy): its headers count for nothing.
    expect(clientIpWith(request('198.51.100.9', '6.6.6.6'), trusted)).toBe('198.51.100.9');
    // All trusted: the left-most.
    expect(clientIpWith(request('10.0.0.2', '10.1.1.1'), trusted)).toBe('10.1.1.1');
    expect(clientIpWith(request('10.0.0.2', '2001:db8::7'), trust('10.0.0.0/8'))).toBe('2001:db8::7');
  });
});

describe('installPeerAddressCapture', () => {
  let server: http.Server;
  let url: string;
  let seen: Record<string, unknown> = {};
  beforeAll(async () => {
    installPeerAddressCapture();
    installPeerAddressCapture(); // idempotent
    server = http.createServer((req, res) => {
      seen = { ...req.headers };
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('records the real peer on every request, overwriting a forged header of the same name', async () => {
    await fetch(url, { headers: { [peerHeaderName()]: '6.6.6.6', 'x-forwarded-for': '6.6.6.6' } });
    expect(seen[peerHeaderName()]).toBe('127.0.0.1');
    expect(clientIpWith(new Headers(seen as Record<string, string>), trust(undefined))).toBe('127.0.0.1');
  });
});
