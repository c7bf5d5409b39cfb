import { createServer } from 'node:http';
import { gunzipSync, inflateSync } from 'node:zlib';

// An HTTP server that records what it receives: the DSN host for Sentry envelopes, an OTLP/HTTP collector.

export interface Received {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

export interface Sink {
  url: string;
  port: number;
  received: Received[];
  close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
  const received: Received[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body = Buffer.concat(chunks);
    const encoding = String(req.headers['content-encoding'] ?? '');
    if (encoding === 'gzip') body = gunzipSync(body);
    else if (encoding === 'deflate') body = inflateSync(body);
    received.push({
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body,
      text: body.toString('utf8'),
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
