import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvError, envErrorLine } from '../../src/server/env';
// Plain-JS scripts (they run in the image without a TypeScript toolchain); typed loosely here.
// @ts-expect-error -- .mjs without declarations
import { createPrettifier } from '../../scripts/lib/pretty-log.mjs';
// @ts-expect-error -- .mjs without declarations
import { jsonLine, scriptLogger } from '../../scripts/lib/json-stdio.mjs';

// Production writes nothing but JSON lines (the server's pino lines, and everything else through json-stdio);
// a person at a terminal running `npm run start:local` sees them readable (pretty-log).

const root = path.resolve(import.meta.dirname, '../..');
type Line = Record<string, unknown>;
const parse = (text: string): Line[] =>
  text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      expect(() => JSON.parse(l), `not JSON: ${l}`).not.toThrow();
      return JSON.parse(l) as Line;
    });

function runWithJsonStdio(body: string) {
  const script = `import { installJsonStdio } from ${JSON.stringify(path.join(root, 'scripts/lib/json-stdio.mjs'))};\ninstallJsonStdio();\n${body}`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, NODE_ENV: 'production' },
  });
  expect(run.status, run.stderr).toBe(0);
  return { stdout: parse(run.stdout), stderr: parse(run.stderr), raw: run };
}

describe('json-stdio: whatever a server process prints becomes one JSON line', () => {
  it("wraps Next's banner, warnings and errors, keeps JSON lines as they are, strips colours", () => {
    const { stdout, stderr, raw } = runWithJsonStdio(`
      console.log('\\u001b[1m\\u001b[35m▲ Next.js 16.4.6\\u001b[39m\\u001b[22m');
      console.log('   - Local:        http://127.0.0.1:3000');
      console.log('');
      process.stdout.write(JSON.stringify({ level: 'info', msg: 'request', status: 200 }) + '\\n');
      console.warn(' ⚠ a warning from Next');
      console.error(new Error('boom'));
      process.emitWarning('something deprecated', 'DeprecationWarning');
      await new Promise((r) => setTimeout(r, 20));
    `);
    expect(stdout.map((l) => l.msg)).toEqual(['▲ Next.js 16.4.6', '- Local:        http://127.0.0.1:3000', 'request']);
    expect(stdout[0]!).toMatchObject({ level: 'info', service: 'tika', env: 'production', stream: 'stdout' });
    expect(typeof stdout[0]!.time).toBe('string');
    expect(stdout[2]).toEqual({ level: 'info', msg: 'request', status: 200 }); // passed through untouched
    expect(stderr[0]).toMatchObject({ level: 'warn', msg: '⚠ a warning from Next' });
    expect(stderr[1]).toMatchObject({ level: 'error' });
    expect(stderr[1]!.msg).toMatch(/^Error: boom\n\s+at /); // the stack stays inside the one line
    expect(stderr[2]).toMatchObject({ level: 'warn' });
    expect(stderr[2]!.msg).toMatch(/DeprecationWarning: something deprecated/);
    expect(raw.stdout).not.toContain('\u001b[');
  });

  it('scriptLogger: JSON lines for a container or CI, "component: message" at a terminal', () => {
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const log = console.log;
    process.stdout.write = ((chunk: string) => (lines.push(String(chunk)), true)) as typeof process.stdout.write;
    console.log = (text: string) => lines.push(`${text}\n`);
    try {
      scriptLogger('migrate', { tty: false })('info', '2 applied, database at migration 6', { applied: 2 });
      scriptLogger('migrate', { tty: true })('info', '0 applied, database at migration 6');
    } finally {
      process.stdout.write = write;
      console.log = log;
    }
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'info',
      component: 'migrate',
      applied: 2,
      msg: '2 applied, database at migration 6',
    });
    expect(lines[1]).toBe('migrate: 0 applied, database at migration 6\n');
  });
});

describe('configuration error', () => {
  it('is one fatal JSON line naming every problem and both example files, no value', () => {
    const error = new EnvError(['APP_URL: required', 'BETTER_AUTH_SECRET: required']);
    const text = envErrorLine(error, { NODE_ENV: 'production' });
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trimEnd().includes('\n')).toBe(false);
    const line = JSON.parse(text) as Line;
    expect(line).toMatchObject({ level: 'fatal', service: 'tika', env: 'production' });
    expect(line.problems).toEqual(['APP_URL: required', 'BETTER_AUTH_SECRET: required']);
    expect(line.msg).toBe(
      'Tika cannot start: 2 configuration problems: APP_URL: required; BETTER_AUTH_SECRET: required',
    );
    expect(line.help).toMatch(/\.env\.selfhost\.example/);
    expect(error.message).toMatch(/\.env\.selfhost\.example/);
  });
});

describe('pretty-log: the readable form at a terminal', () => {
  const prettify = createPrettifier({ colorize: false }) as (line: string) => string;

  it('turns a request line into one short line', () => {
    const text = prettify(
      JSON.stringify({
        level: 'info',
        time: '2026-01-02T03:04:05.678Z',
        service: 'tika',
        env: 'production',
        requestId: 'r-1',
        tenantId: null,
        route: '/api/v1/boards',
        method: 'GET',
        status: 200,
        durationMs: 3.2,
        msg: 'request',
      }),
    );
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    expect(text).toMatch(/INFO.*GET \/api\/v1\/boards → 200 \(3\.2 ms\)/);
    expect(text).toContain('r-1');
    expect(text).not.toMatch(/tenantId|service|"route"/);
  });

  it('shows a configuration error with one problem per line, and passes plain text through', () => {
    const text = prettify(envErrorLine(new EnvError(['APP_URL: required', 'LOG_LEVEL: invalid'])).trimEnd());
    expect(text).toMatch(
      /FATAL.*Tika cannot start: 2 configuration problems:\n {2}- APP_URL: required\n {2}- LOG_LEVEL: invalid\nSee \.env\.selfhost\.example/,
    );
    expect(prettify('not json')).toBe('not json\n');
    expect(jsonLine('info', 'x')).toMatch(/^\{.*"msg":"x"\}\n$/);
  });
});
