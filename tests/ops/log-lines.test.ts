import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, root, startApp, tempDir, waitFor, type App } from '../support/procs';

// Every line the production entry point writes is JSON — the schema guard's, Next's banner, request lines, the
// configuration error — while `npm run start:local` shows a person at a terminal the same lines readable.

const started: App[] = [];
afterAll(async () => {
  for (const app of started) await app.stop();
});

function allLines(app: App): string[] {
  return [...app.stdout, ...app.stderr.join('').split('\n')].filter((line) => line.trim());
}

describe('the image entry point (scripts/docker-start.mjs) writes nothing but JSON lines', () => {
  it('schema guard, Next banner and request lines are all JSON, on stdout and stderr', async () => {
    const app = await startApp(
      { PGLITE_DATA_DIR: `${tempDir('loglines')}/pglite`, NODE_ENV: 'production', LOG_LEVEL: 'info' },
      { entry: 'image' },
    );
    started.push(app);
    for (const route of ['/api/health/ready', '/api/v1/boards', '/no-such-page']) await fetch(`${app.url}${route}`);
    await waitFor('a request line', async () => app.logs().some((l) => l.msg === 'request'));
    const lines = allLines(app);
    for (const line of lines) expect(() => JSON.parse(line), `not JSON: ${line}`).not.toThrow();
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.find((r) => r.component === 'schema')).toMatchObject({
      level: 'info',
      msg: 'embedded database: migrated by the app at start',
    });
    expect(records.find((r) => /Next\.js/.test(String(r.msg)))).toMatchObject({ level: 'info', service: 'tika' });
    expect(records.some((r) => r.msg === 'tika starting')).toBe(true);
    expect(records.find((r) => r.msg === 'request')).toMatchObject({ method: 'GET', status: expect.any(Number) });
  });

  it('a configuration error is one fatal JSON line naming .env.selfhost.example', async () => {
    const app = await startApp(
      { PGLITE_DATA_DIR: `${tempDir('loglines')}/pglite`, NODE_ENV: 'production', LOG_LEVEL: 'loud' },
      { entry: 'image', waitReady: false },
    );
    expect(await app.exited).toBe(1);
    const lines = allLines(app);
    for (const line of lines) expect(() => JSON.parse(line), `not JSON: ${line}`).not.toThrow();
    const fatal = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => r.level === 'fatal');
    expect(fatal).toHaveLength(1);
    expect(fatal[0]!.problems).toEqual([expect.stringMatching(/^LOG_LEVEL: /)]);
    expect(fatal[0]!.help).toMatch(/\.env\.selfhost\.example/);
  });
});

/** `npm run start:local` (its script), optionally inside a pseudo-terminal made by util-linux `script`. */
async function startLocal(tty: boolean): Promise<{ output: () => string; url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    PORT: String(port),
    PGLITE_DATA_DIR: `${tempDir('startlocal')}/pglite`,
    LOG_LEVEL: 'info',
    TERM: 'dumb',
  };
  const command = `exec ${JSON.stringify(process.execPath)} scripts/start-local.mjs`;
  const proc: ChildProcessWithoutNullStreams = tty
    ? spawn('script', ['-qfec', command, '/dev/null'], { cwd: root, env: env as unknown as NodeJS.ProcessEnv })
    : spawn(process.execPath, [path.join(root, 'scripts/start-local.mjs')], {
        cwd: root,
        env: env as unknown as NodeJS.ProcessEnv,
      });
  let output = '';
  proc.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  proc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    `start:local on ${url}: ${output.slice(-500)}`,
    async () => (await fetch(`${url}/api/health/ready`)).ok,
    90_000,
    250,
  );
  return {
    url,
    output: () => output,
    stop: async () => {
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

describe('npm run start:local', () => {
  it('at a terminal: one readable line per request, no JSON', async () => {
    const local = await startLocal(true);
    try {
      await fetch(`${local.url}/api/v1/boards`);
      await waitFor('the request line', async () => /GET \/api\/v1\/boards → 401/.test(local.output()));
      // Coloured at a terminal, as pino-pretty does; the text is what is compared.
      expect(local.output()).toContain('\u001b[');
      const lines = local
        .output()
        .replace(/\r|\u001b\[[0-9;]*m/g, '')
        .split('\n')
        .filter((l) => l.trim());
      expect(lines.filter((l) => l.trimStart().startsWith('{'))).toEqual([]);
      expect(lines.find((l) => l.includes('/api/v1/boards'))).toMatch(
        /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO.*: GET \/api\/v1\/boards → 401 \([\d.]+ ms\)/,
      );
      expect(lines.some((l) => /INFO.*Next\.js/.test(l))).toBe(true);
    } finally {
      await local.stop();
    }
  });

  it('piped: JSON lines, as in production', async () => {
    const local = await startLocal(false);
    try {
      await fetch(`${local.url}/api/v1/boards`);
      await waitFor('the request line', async () => local.output().includes('"route":"/api/v1/boards"'));
      const lines = local
        .output()
        .split('\n')
        .filter((l) => l.trim());
      for (const line of lines) expect(() => JSON.parse(line), `not JSON: ${line}`).not.toThrow();
    } finally {
      await local.stop();
    }
  });
});
