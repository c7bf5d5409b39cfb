import { createServer } from 'node:http';

// A local Unleash API: GET /api/client/features serves what the test sets; /api/client/register and
// /api/client/metrics are accepted. The client SDK talks to it exactly as to a real Unleash.

export interface UnleashFeature {
  name: string;
  enabled: boolean;
  strategies: {
    name: string;
    parameters?: Record<string, string>;
    constraints?: { contextName: string; operator: string; values: string[] }[];
  }[];
}

export interface FakeUnleash {
  url: string;
  port: number;
  features: UnleashFeature[];
  fetches: number;
  authorization: string[];
  close(): Promise<void>;
}

export async function startUnleash(features: UnleashFeature[], port = 0): Promise<FakeUnleash> {
  const state: FakeUnleash = { url: '', port: 0, features, fetches: 0, authorization: [], close: async () => {} };
  const server = createServer(async (req, res) => {
    for await (const _ of req) void _;
    state.authorization.push(String(req.headers.authorization ?? ''));
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/api/client/features') {
      state.fetches++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          version: 2,
          features: state.features.map((f) => ({
            type: 'release',
            project: 'default',
            stale: false,
            variants: [],
            ...f,
          })),
        }),
      );
      return;
    }
    if (req.method === 'POST' && (path === '/api/client/register' || path === '/api/client/metrics')) {
      res.writeHead(202);
      res.end();
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  state.port = (server.address() as { port: number }).port;
  state.url = `http://127.0.0.1:${state.port}/api`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
