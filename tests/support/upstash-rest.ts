import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';

// A local server speaking the Upstash REST protocol, forwarding every command to a real Redis over ioredis:
//   POST /            ["CMD", ...args]              → {"result": …} | {"error": "…"}
//   POST /pipeline    [["CMD", …], …]               → [{"result": …} | {"error": …}, …]
//   POST /multi-exec  [["CMD", …], …] (one MULTI)   → [{"result": …}, …]
// `Authorization: Bearer <token>` is required; with `Upstash-Encoding: base64` string results are base64, as the
// hosted service does. One difference from plain Redis that matters: @upstash/ratelimit ≥ 2.1 scripts start with
// `#!lua flags=allow-key-locking`, a shebang plain Redis rejects. This shim strips that first line before
// forwarding EVAL / SCRIPT LOAD, and keeps EVALSHA working by mapping the client's hash (of the original script)
// to the stripped script.

export interface UpstashShim {
  url: string;
  token: string;
  commands: string[][];
  strippedShebangs: number;
  close(): Promise<void>;
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const stripShebang = (script: string) => (script.startsWith('#!') ? script.slice(script.indexOf('\n') + 1) : script);

export async function startUpstashShim(redisUrl: string, token = 'upstash-test-token'): Promise<UpstashShim> {
  const { default: IORedis } = await import('ioredis');
  const redis = new IORedis(redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (n) => Math.min(n * 100, 1000),
  });
  redis.on('error', () => undefined);
  const scripts = new Map<string, string>(); // client sha → stripped script
  const shim = { url: '', token, commands: [] as string[][], strippedShebangs: 0, close: async () => {} };

  function rewrite(command: string[]): string[] {
    const [name, ...args] = command;
    const upper = String(name).toUpperCase();
    if (upper === 'EVAL' && typeof args[0] === 'string') {
      const original = args[0];
      const stripped = stripShebang(original);
      if (stripped !== original) shim.strippedShebangs++;
      scripts.set(sha1(original), stripped);
      return ['EVAL', stripped, ...args.slice(1)];
    }
    if (upper === 'EVALSHA' && typeof args[0] === 'string' && scripts.has(args[0])) {
      return ['EVAL', scripts.get(args[0])!, ...args.slice(1)];
    }
    if (upper === 'SCRIPT' && String(args[0]).toUpperCase() === 'LOAD' && typeof args[1] === 'string') {
      const original = args[1];
      const stripped = stripShebang(original);
      if (stripped !== original) shim.strippedShebangs++;
      scripts.set(sha1(original), stripped);
      return ['__SCRIPT_LOAD__', sha1(original), stripped];
    }
    return command.map(String);
  }

  async function exec(command: string[]): Promise<unknown> {
    const rewritten = rewrite(command);
    shim.commands.push(command.map((c) => String(c).slice(0, 40)));
    if (rewritten[0] === '__SCRIPT_LOAD__') {
      await redis.call('SCRIPT', 'LOAD', rewritten[2]!);
      return rewritten[1];
    }
    return redis.call(rewritten[0]!, ...rewritten.slice(1));
  }

  const encode = (value: unknown): unknown =>
    typeof value === 'string'
      ? Buffer.from(value, 'utf8').toString('base64')
      : Array.isArray(value)
        ? value.map(encode)
        : value;

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${token}`) return send(401, { error: 'Unauthorized' });
    const base64 = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
    const out = (value: unknown) => (base64 ? encode(value) : value);
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(400, { error: 'ERR invalid JSON' });
    }
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (path === '/pipeline' || path === '/multi-exec') {
        const commands = body as string[][];
        if (path === '/multi-exec') {
          const multi = redis.multi(commands.map((c) => rewrite(c)) as [string, ...string[]][]);
          const results = (await multi.exec()) ?? [];
          return send(
            200,
            results.map(([error, value]) => (error ? { error: error.message } : { result: out(value) })),
          );
        }
        const results = [];
        for (const command of commands) {
          try {
            results.push({ result: out(await exec(command)) });
          } catch (error) {
            results.push({ error: (error as Error).message });
          }
        }
        return send(200, results);
      }
      return send(200, { result: out(await exec(body as string[])) });
    } catch (error) {
      const message = (error as Error).message;
      // Redis unreachable → the service itself is failing, not the command.
      return /ECONNREFUSED|Stream isn't writeable|Connection is closed|enableOfflineQueue/.test(message)
        ? send(503, { error: message })
        : send(400, { error: message });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  shim.url = `http://127.0.0.1:${port}`;
  shim.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    redis.disconnect();
  };
  return shim;
}
