import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundRefused, parseAllowList, postSafely, refusedAddress } from '../../src/server/outbound';

// The SSRF guard against a real HTTP server on 127.0.0.1: every way of spelling a private address is refused
// before a byte leaves, DNS answers are checked inside the connection's own lookup (rebinding), redirects are
// not followed, and WEBHOOK_ALLOWED_HOSTS opens exactly what it names.

const none = parseAllowList('');
let server: http.Server;
let port: number;
let hits = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits++;
    if (req.url === '/redirect') {
      res.writeHead(302, { location: `http://127.0.0.1:${port}/ok` }).end();
      return;
    }
    if (req.url === '/slow') return; // never answers
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain' }).end(`got ${body}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const post = (url: string, allow = none, resolve?: Parameters<typeof postSafely>[1]['resolve']) =>
  postSafely(url, { headers: { 'content-type': 'text/plain' }, body: 'hello', timeoutMs: 2000, allow, resolve });

describe('address policy', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd00:ec2::254',
    '::ffff:127.0.0.1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::7f00:1',
    '2002:7f00:1::',
    'ff02::1',
  ])('refuses %s', (address) => {
    expect(refusedAddress(address, none)).toMatch(/not a public address/);
  });

  it.each(['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111', '::ffff:93.184.216.34'])('allows %s', (address) => {
    expect(refusedAddress(address, none)).toBeNull();
  });

  it('WEBHOOK_ALLOWED_HOSTS opens named ranges and addresses only', () => {
    const allow = parseAllowList('10.0.0.0/8, 192.168.1.5, fd12::/16, hooks.internal');
    expect(refusedAddress('10.9.9.9', allow)).toBeNull();
    expect(refusedAddress('192.168.1.5', allow)).toBeNull();
    expect(refusedAddress('192.168.1.6', allow)).not.toBeNull();
    expect(refusedAddress('fd12::1', allow)).toBeNull();
    expect(refusedAddress('127.0.0.1', allow)).not.toBeNull();
  });
});

describe('postSafely against a real server', () => {
  it.each([
    ['literal loopback', (p: number) => `http://127.0.0.1:${p}/ok`],
    ['decimal IPv4', (p: number) => `http://2130706433:${p}/ok`],
    ['hex IPv4', (p: number) => `http://0x7f000001:${p}/ok`],
    ['octal IPv4', (p: number) => `http://0177.0.0.1:${p}/ok`],
    ['short IPv4', (p: number) => `http://127.1:${p}/ok`],
    ['IPv6 loopback', (p: number) => `http://[::1]:${p}/ok`],
    ['IPv4-mapped IPv6', (p: number) => `http://[::ffff:127.0.0.1]:${p}/ok`],
    ['a name resolving to loopback', (p: number) => `http://localhost:${p}/ok`],
    ['metadata address', () => 'http://169.254.169.254/latest/meta-data/'],
    ['metadata, trailing dot', () => 'http://169.254.169.254./latest/meta-data/'],
  ])('refuses %s without sending anything', async (_label, url) => {
    const before = hits;
    await expect(post(url(port))).rejects.toBeInstanceOf(OutboundRefused);
    expect(hits).toBe(before);
  });

  it('refuses other schemes and credentials in the URL', async () => {
    await expect(post('file:///etc/passwd')).rejects.toThrow(/only http and https/);
    await expect(post('ftp://example.com/')).rejects.toThrow(/only http and https/);
    await expect(post(`http://user:pw@example.com/`)).rejects.toThrow(/credentials/);
  });

  it('DNS rebinding: the address connected to is the one checked, so a changed answer is refused', async () => {
    let calls = 0;
    // First answer public (what a check at creation time would have seen), then loopback at connect time.
    const rebinding = async () => [{ address: calls++ === 0 ? '93.184.216.34' : '127.0.0.1', family: 4 }];
    await rebinding(); // the "earlier check"
    const before = hits;
    await expect(post(`http://rebind.example:${port}/ok`, none, rebinding)).rejects.toBeInstanceOf(OutboundRefused);
    expect(hits).toBe(before);
    // A host with any private answer among several is refused too.
    const mixed = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ];
    await expect(post(`http://mixed.example:${port}/ok`, none, mixed)).rejects.toBeInstanceOf(OutboundRefused);
  });

  it('does not follow redirects: the 3xx is the result', async () => {
    const allow = parseAllowList('127.0.0.1');
    const before = hits;
    const result = await post(`http://127.0.0.1:${port}/redirect`, allow);
    expect(result.status).toBe(302);
    expect(hits).toBe(before + 1);
  });

  it('reaches an allowed internal target, by address or by host name, and times out a silent one', async () => {
    const byAddress = await post(`http://127.0.0.1:${port}/ok`, parseAllowList('127.0.0.0/8'));
    expect(byAddress).toMatchObject({ status: 200, body: 'got hello' });
    const byName = await post(`http://localhost:${port}/ok`, parseAllowList('localhost'));
    expect(byName.status).toBe(200);
    await expect(
      postSafely(`http://127.0.0.1:${port}/slow`, {
        headers: {},
        body: 'x',
        timeoutMs: 300,
        allow: parseAllowList('127.0.0.1'),
      }),
    ).rejects.toThrow(/no answer within/);
  });
});
