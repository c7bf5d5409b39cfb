// Processes the bench starts, and their cleanup: every process is tracked by the pid we spawned and stopped by
// that pid (or, for the throwaway Postgres, by pg_ctl on the data directory we created). Nothing else is touched.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** @typedef {() => unknown} CleanupStep a cleanup step, awaited (it may return a promise) */
/** @typedef {{ env?: NodeJS.ProcessEnv, cwd?: string, timeoutMs?: number }} RunOptions */
/** @typedef {{ code: number, signal: NodeJS.Signals | null, stdout: string, stderr: string }} RunResult */
/** @typedef {import('node:child_process').ChildProcessWithoutNullStreams} Child */

/** @type {CleanupStep[]} */
const cleanups = [];
/** @type {Promise<void> | null} */
let cleaning = null;

/**
 * Registers an async cleanup step; steps run in reverse order, once.
 * @param {CleanupStep} step
 */
export function onCleanup(step) {
  cleanups.push(step);
}

export function cleanup() {
  cleaning ??= (async () => {
    for (let step = cleanups.pop(); step; step = cleanups.pop()) {
      try {
        await step();
      } catch (error) {
        console.error(`bench: cleanup step failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })();
  return cleaning;
}

/** @returns {Promise<number>} */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/** @param {string} prefix */
export function tempDir(prefix) {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  // The throwaway Postgres runs as the postgres user, which must reach a data directory below this one.
  chmodSync(dir, 0o755);
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Keeps the last lines a child printed, to show when it fails.
 * @param {import('node:stream').Readable | null} stream
 * @param {string[]} lines
 */
function tail(stream, lines, max = 60) {
  let partial = '';
  stream?.on('data', (/** @type {Buffer} */ chunk) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    if (lines.length > max) lines.splice(0, lines.length - max);
  });
}

/**
 * Stops a child we spawned: SIGTERM to its pid, SIGKILL after `graceMs`.
 * @param {import('node:child_process').ChildProcess} child
 */
export async function stopChild(child, graceMs = 5_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // A child that did not start (no pid) never exits; it is stopped already.
  if (child.pid === undefined) return;
  process.kill(child.pid, 'SIGTERM');
  const timer = new Promise((resolve) => setTimeout(resolve, graceMs, 'timeout'));
  if ((await Promise.race([exited, timer])) === 'timeout') {
    process.kill(child.pid, 'SIGKILL');
    await exited;
  }
}

/**
 * Runs a command to completion; resolves { code, stdout, stderr }. Killed (by its pid) after `timeoutMs`.
 * @param {string} command
 * @param {string[]} args
 * @param {RunOptions} [options]
 * @returns {Promise<RunResult>}
 */
export function run(command, args, { env = process.env, cwd, timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const stop = () => stopChild(child, 2_000);
    onCleanup(stop);
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`${path.basename(command)} ${args.join(' ')}: still running after ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), signal, stdout, stderr });
    });
  });
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {RunOptions} [options]
 */
export async function runOrThrow(command, args, options) {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(
      `${[command, ...args].join(' ')} exited ${result.code}\n${(result.stderr || result.stdout).trim().split('\n').slice(-20).join('\n')}`,
    );
  }
  return result;
}

/**
 * Starts a long-running child (the app server); it is stopped by pid at cleanup.
 * @param {string} command
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string }} [options]
 */
export function startDaemon(command, args, { env, cwd } = {}) {
  const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  /** @type {string[]} */
  const lines = [];
  tail(child.stdout, lines);
  tail(child.stderr, lines);
  onCleanup(() => stopChild(child));
  return { child, lines };
}

/**
 * A throwaway PostgreSQL 15 server via scripts/ci/postgres.sh (roles tika_owner / tika_runtime, database tika,
 * superuser postgres trusted on 127.0.0.1). Stopped with the same script on that data directory.
 */
/** @param {string} root the repository's root */
export async function startThrowawayPostgres(root) {
  const dir = path.join(tempDir('tika-bench-'), 'pg');
  const port = await freePort();
  const script = path.join(root, 'scripts', 'ci', 'postgres.sh');
  onCleanup(() => run('bash', [script, 'stop', dir], { timeoutMs: 30_000 }));
  await runOrThrow('bash', [script, 'start', dir, String(port)], { timeoutMs: 180_000 });
  return {
    dir,
    port,
    ownerUrl: `postgres://tika_owner:owner-pw@127.0.0.1:${port}/tika`,
    runtimeUrl: `postgres://tika_runtime:runtime-pw@127.0.0.1:${port}/tika`,
  };
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc; null where /proc is unavailable.
 * @param {number | undefined} pid
 */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after "pid (comm) "; in ticks (CLK_TCK = 100 on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * Runs a bench script's `main` and exits with its code (a number it returns, else process.exitCode, else 0),
 * stopping everything registered with onCleanup on the way out: on success, failure, SIGINT/SIGTERM, an uncaught
 * exception, or when `budgetS` seconds have passed.
 * @param {string} name
 * @param {() => Promise<number | void | undefined>} main
 * @param {{ budgetS?: number }} [options]
 */
export function runMain(name, main, { budgetS } = {}) {
  let exiting = false;
  /** @param {number | string | undefined} code */
  const finish = async (code) => {
    if (exiting) return;
    exiting = true;
    await cleanup();
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      console.error(`\n${name}: ${signal}, cleaning up`);
      finish(130);
    });
  }
  if (budgetS) {
    setTimeout(() => {
      console.error(`\n${name}: over the ${budgetS} s budget — stopping`);
      finish(1);
    }, budgetS * 1000).unref();
  }
  process.on('uncaughtException', (error) => {
    console.error(`\n${name}: FAILED (uncaught): ${error.stack ?? error.message}`);
    finish(1);
  });
  main().then(
    (code) => finish(typeof code === 'number' ? code : (process.exitCode ?? 0)),
    (error) => {
      console.error(`\n${name}: FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      finish(1);
    },
  );
}
