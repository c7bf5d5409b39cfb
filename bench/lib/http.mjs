// A small keep-alive HTTP client over node:http with a bounded socket pool (one socket per bench client).
// node:http rather than fetch: the bench shares the CPU with the server and Postgres, and node:http costs the
// client less per request. Bodies are counted, and parsed as JSON only when asked.
import http from 'node:http';

/** @typedef {{ status: number, bytes: number, body: any }} HttpAnswer body: parsed JSON (any: the caller knows the endpoint), the text if not JSON, undefined when not read */

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
   * @param {{ body?: unknown, json?: boolean }} [options]
   * @returns {Promise<HttpAnswer>}
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
            resolve({ status, bytes, body: parsed });
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
   * @param {unknown} [body]
   * @returns {Promise<any>} the parsed JSON answer (any: the caller knows the endpoint)
   */
  async call(method, path, body) {
    const res = await this.request(method, path, { body, json: true });
    if (res.status < 200 || res.status >= 300)
      throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  close() {
    this.agent.destroy();
  }
}
