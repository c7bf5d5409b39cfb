import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A real HTTP server on 127.0.0.1 that receives webhooks: it records every request (headers and the exact body)
// and answers as each path is told to — succeed, fail the first n times, time out.

export interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  at: number;
}

export interface Receiver {
  url: (path: string) => string;
  port: number;
  received: Received[];
  on: (path: string) => Received[];
  /** The next `times` requests to `path` get `status` (default 500), then 200 again. */
  failNext: (path: string, times: number, status?: number) => void;
  close: () => Promise<void>;
}

export async function startReceiver(options: { delayMs?: number } = {}): Promise<Receiver> {
  const received: Received[] = [];
  const failures = new Map<string, { left: number; status: number }>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([key, value]) => [
          key,
          Array.isArray(value) ? value.join(', ') : (value ?? ''),
        ]),
      );
      received.push({ path, headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const failing = failures.get(path);
      const answer = () => {
        if (failing && failing.left > 0) {
          failing.left--;
          res.writeHead(failing.status, { 'content-type': 'text/plain' }).end('receiver says no');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      };
      if (options.delayMs) setTimeout(answer, options.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    on: (path) => received.filter((r) => r.path === path),
    failNext: (path, times, status = 500) => failures.set(path, { left: times, status }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
