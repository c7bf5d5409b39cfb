import 'server-only';
import { env } from './env';
import { logger } from './logger';

// Graceful shutdown. Next's standalone server handles SIGTERM itself: it stops accepting connections, lets the
// requests in flight finish, then calls process.exit. We hook in around it:
//   1. SIGTERM → draining: /api/health/ready answers 503 (load balancers stop sending traffic); requests are still
//      served for SHUTDOWN_DRAIN_DELAY_MS so the ones already routed here are not refused
//   2. then Next's own handler runs (new connections refused, in-flight requests finish)
//   3. its process.exit waits for our hooks: usage flush, flag client, rate-limit connection, database pool, Sentry,
//      logs — each bounded — so nothing buffered is lost
//   SHUTDOWN_TIMEOUT_MS bounds the whole thing: past it the process exits even with requests in flight.

interface State {
  draining: boolean;
  inflight: number;
  hooks: { name: string; run: () => Promise<unknown>; timeoutMs: number }[];
  installed: boolean;
}
const stateKey = Symbol.for('tika.shutdown');
const state: State = ((globalThis as { [stateKey]?: State })[stateKey] ??= {
  draining: false,
  inflight: 0,
  hooks: [],
  installed: false,
});

export const isDraining = () => state.draining;
export const inflight = () => state.inflight;
export function requestStarted(): void {
  state.inflight++;
}
export function requestFinished(): void {
  state.inflight = Math.max(0, state.inflight - 1);
}

/**
 * Registers a cleanup step, run in registration order at exit, each bounded (3 s unless it needs longer: the job
 * system waits for running jobs up to JOBS_SHUTDOWN_TIMEOUT_MS).
 */
export function onShutdown(name: string, run: () => Promise<unknown>, options: { timeoutMs?: number } = {}): void {
  state.hooks.push({ name, run, timeoutMs: options.timeoutMs ?? 3000 });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let flushed: Promise<void> | undefined;
function runHooks(): Promise<void> {
  flushed ??= (async () => {
    for (const hook of state.hooks) {
      try {
        await Promise.race([
          hook.run(),
          sleep(hook.timeoutMs).then(() => Promise.reject(new Error(`timed out after ${hook.timeoutMs} ms`))),
        ]);
      } catch (error) {
        logger.warn(
          { hook: hook.name, err: { message: error instanceof Error ? error.message : String(error) } },
          'shutdown step failed',
        );
      }
    }
    // pino writes synchronously to stdout; flush what a transport may hold, without waiting on it forever.
    await Promise.race([new Promise<void>((resolve) => logger.flush(() => resolve())), sleep(500)]);
  })();
  return flushed;
}

export function installShutdownHandlers(): void {
  if (state.installed) return;
  state.installed = true;
  const realExit = process.exit.bind(process) as (code?: number) => never;
  // Next registers its SIGTERM/SIGINT cleanup before loading instrumentation (unless NEXT_MANUAL_SIG_HANDLE is set).
  const nextHandlers = { SIGTERM: process.listeners('SIGTERM'), SIGINT: process.listeners('SIGINT') };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    for (const listener of nextHandlers[signal]) process.removeListener(signal, listener);
    process.on(signal, () => void begin(signal));
  }

  let begun = false;
  async function begin(signal: 'SIGTERM' | 'SIGINT') {
    if (begun) return;
    begun = true;
    const { SHUTDOWN_TIMEOUT_MS: timeoutMs, SHUTDOWN_DRAIN_DELAY_MS: drainMs } = env();
    state.draining = true;
    logger.info({ signal, inflight: state.inflight, drainMs, timeoutMs }, 'shutdown: draining (readiness now 503)');
    setTimeout(() => {
      logger.warn({ inflight: state.inflight }, 'shutdown: deadline reached, exiting with requests in flight');
      void runHooks().finally(() => realExit(1));
      setTimeout(() => realExit(1), 5000).unref(); // even if a cleanup step hangs
    }, timeoutMs);
    if (drainMs) await sleep(drainMs);
    // Whoever exits — Next after its cleanup, or us — flushes first.
    process.exit = ((code?: number) => {
      void runHooks().finally(() => realExit(code ?? 0));
    }) as typeof process.exit;
    if (nextHandlers[signal].length) {
      for (const listener of nextHandlers[signal]) (listener as (s: string) => void)(signal);
    } else {
      for (let i = 0; state.inflight > 0 && i < timeoutMs / 50; i++) await sleep(50);
      process.exit(0);
    }
  }
}
