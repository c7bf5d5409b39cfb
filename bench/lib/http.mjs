// A small keep-alive HTTP client over node:http with a bounded socket pool (one socket per bench client).
// node:http rather than fetch: the bench shares the CPU with the server and Postgres, and node:http costs the
// client less per request. Bodies are counted, and parsed as JSON only when asked.
import http from 'node:http';

/**
 * An answer. `body` is the parsed JSON, the text if it is not JSON, undefined when not read: `unknown` unless the
 * caller states the endpoint's shape as T (a variable typed HttpAnswer<Board> takes `await http.request(…)`).
 * @template [T=unknown]
 * @typedef {{ status: number, bytes: number, body: T }} HttpAnswer
 */

export class HttpClient {
  /**
   * @param {string | URL} baseUrl
   * @param {{ token?: string, sockets?: number, timeoutMs?: number }} [options]
   */
  constructor(baseUrl, { token, sockets = 1, timeoutMs = 30_000 } = {}) {
    this.base = new URL(baseUrl);
    this.token = token;
    this.timeoutMs = timeoutMs;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  }

  /**
   * Resolves { status, bytes, body } for any status; rejects only on transport errors (a real failure).
   * @param {string} method
   * @param {string} path
   * @template [T=unknown]
   * @param {{ body?: unknown, json?: boolean }} [options]
   * @returns {Promise<HttpAnswer<T>>}
   */
  request(method, path, { body, json = false } = {}) {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    /** @type {Record<string, string>} */
    const headers = { accept: 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    }
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.base.hostname,
          port: this.base.port,
          method,
          path,
          headers,
          agent: this.agent,
          timeout: this.timeoutMs,
        },
        (res) => {
          const status = res.statusCode ?? 0;
          /** @type {Buffer[]} */
          const chunks = [];
          let bytes = 0;
          res.on('data', (/** @type {Buffer} */ chunk) => {
            bytes += chunk.length;
            if (json || status >= 300) chunks.push(chunk);
          });
          res.on('end', () => {
            const text = chunks.length ? Buffer.concat(chunks).toString('utf8') : '';
            /** @type {unknown} */
            let parsed;
            if (text && (json || status >= 300)) {
              try {
                parsed = JSON.parse(text);
              } catch {
                parsed = text;
              }
            }
            // The body is what the server sent; T is the caller's statement of it.
            resolve({ status, bytes, body: /** @type {T} */ (parsed) });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within ${this.timeoutMs} ms`)));
      req.on('error', (error) => reject(new Error(`${method} ${path}: ${error.message}`)));
      req.end(payload);
    });
  }

  /**
   * For setup calls: throws on any non-2xx.
   * @param {string} method
   * @param {string} path
   * @template [T=unknown]
   * @param {unknown} [body]
   * @returns {Promise<T>} the parsed JSON answer, as the caller states it (unknown unless stated)
   */
  async call(method, path, body) {
    /** @type {HttpAnswer<T>} */
    const res = await this.request(method, path, { body, json: true });
    if (res.status < 200 || res.status >= 300)
      throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  close() {
    this.agent.destroy();
  }
}
