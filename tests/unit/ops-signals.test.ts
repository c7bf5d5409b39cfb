import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLimitBytes } from '../../src/server/memory-limit';
import { metrics, setPoolCollector, setReadinessCollector } from '../../src/server/metrics';
import { knownCertificate, probeCertificate } from '../../src/server/tls-expiry';

// The signals the new alerts read: the container's memory limit, the public certificate's expiry, and scrape-time
// gauges that never take /api/metrics down with them.

const dir = mkdtempSync(path.join(os.tmpdir(), 'tika-signals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('memory limit (cgroup)', () => {
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  it('reads cgroup v2 memory.max, and "max" means none', () => {
    expect(memoryLimitBytes([file('v2', '805306368\n')])).toBe(805306368);
    expect(memoryLimitBytes([file('v2max', 'max\n')])).toBe(0);
  });
  it('falls back to cgroup v1, where a huge number means none', () => {
    expect(memoryLimitBytes([path.join(dir, 'absent'), file('v1', '536870912\n')])).toBe(536870912);
    expect(memoryLimitBytes([file('v1none', '9223372036854771712\n')])).toBe(0);
  });
  it('is 0 outside a container', () => {
    expect(memoryLimitBytes([path.join(dir, 'nothing-here')])).toBe(0);
  });
});

describe('certificate expiry', () => {
  let server: Server;
  let port = 0;
  const notAfterDays = 20;
  beforeAll(async () => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=localhost/O=Tika test CA',
        '-days',
        String(notAfterDays),
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    server = createServer({
      key: readFileSync(path.join(dir, 'key.pem')),
      cert: readFileSync(path.join(dir, 'cert.pem')),
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => server?.close());

  it('reads notAfter and the issuer of a self-signed certificate, and says it is not trusted', async () => {
    const info = await probeCertificate(`https://127.0.0.1:${port}/`);
    const days = (info.notAfter.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(notAfterDays - 1);
    expect(days).toBeLessThanOrEqual(notAfterDays);
    expect(info).toMatchObject({ host: '127.0.0.1', port, issuer: 'Tika test CA', trusted: false });
  });

  it('fails clearly when nothing answers TLS', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const freePort = (closed.address() as { port: number }).port;
    closed.close();
    await expect(probeCertificate(`https://127.0.0.1:${freePort}/`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('is probed in the background and remembered; http addresses have none', async () => {
    expect(knownCertificate('http://tika.example.com')).toBeNull();
    expect(knownCertificate(undefined)).toBeNull();
    const url = `https://127.0.0.1:${port}/`;
    expect(knownCertificate(url)).toBeNull(); // first call starts the probe
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(knownCertificate(url)?.issuer).toBe('Tika test CA');
  });
});

describe('scrape-time gauges', () => {
  it('a collector that throws or hangs does not fail the scrape; the gauges keep their last value', async () => {
    setReadinessCollector(async () => ({ ready: true, checks: { database: true } }));
    expect(await metrics().registry.metrics()).toContain('health_ready 1');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    setReadinessCollector(() => new Promise(() => undefined)); // never answers
    setPoolCollector(() => {
      throw new Error('database gone');
    });
    const started = Date.now();
    const text = await metrics().registry.metrics();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(text).toContain('health_ready 1');
    expect(text).toMatch(/^db_pool_active_connections \d+$/m);
  });
});
