import http from 'node:http';

// Raw HTTP for the fuzzer: node:http rather than fetch, so a request can carry what fetch refuses (bodies on GET,
// any content type, a chunked body with no length, header bytes that are not UTF-8).

export interface RawRequest {
  method: string;
  /** Path and query exactly as sent (already percent-encoded). */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Send the body chunked (no content-length). */
  chunked?: boolean;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  ms: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
const MAX_KEPT_BODY = 64 * 1024;

export function sendRaw(base: URL, request: RawRequest, timeoutMs = 30_000): Promise<RawResponse> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        method: request.method,
        path: request.path,
        headers:
          request.chunked || !request.body
            ? request.headers
            : { ...request.headers, 'content-length': String(request.body.length) },
        agent,
        timeout: timeoutMs,
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < MAX_KEPT_BODY) chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    // A server may answer (413) before it has read a large body and close the socket: the answer is what counts.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (request.body) {
      if (request.chunked) {
        for (let offset = 0; offset < request.body.length; offset += 64 * 1024)
          req.write(request.body.subarray(offset, offset + 64 * 1024));
      } else req.write(request.body);
    }
    req.end();
  });
}

export function closeRawAgent(): void {
  agent.destroy();
}
