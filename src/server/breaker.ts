import 'server-only';
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  timeout,
  wrap,
  type CircuitBreakerPolicy,
  type IPolicy,
} from 'cockatiel';
import { env } from './env';
import { logger } from './logger';
import { metrics } from './metrics';

// Circuit breakers around what Tika calls over the network and can live without for a while: Redis / Upstash (rate
// limits → the fail mode), Unleash (→ last known flags), the OTLP collector and Sentry (→ telemetry dropped), and
// outbound calls (webhooks, mail). After `failures` consecutive failures a breaker OPENS: calls fail at once with
// CircuitOpenError instead of waiting for timeouts; after `openMs` one trial call goes through (HALF-OPEN) and
// closes it again on success. Each transition is logged once and counted (tika_circuit_breaker_*).
//
// Built on cockatiel (TypeScript, no dependencies, AbortSignal-aware timeouts, state events) rather than opossum
// (one breaker per wrapped function, a rolling percentage window that needs call volume — our dependencies are
// called rarely, e.g. Unleash every 15 s, where "N failures in a row" is the right signal). docs/circuit-breakers.md.

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive failures that open the circuit. Default 5. */
  failures?: number;
  /** How long it stays open before one trial call. Default 10 s. */
  openMs?: number;
  /** Each call's time limit; past it the call is aborted (its AbortSignal fires) and counts as a failure. */
  timeoutMs?: number;
  /**
   * Whether an error means the dependency is failing (default: every error). A webhook receiver answering 400 or
   * a mail server refusing one address is healthy: return false so it does not open the circuit.
   */
  isFailure?: (error: unknown) => boolean;
}

export interface Breaker {
  readonly name: string;
  state(): BreakerState;
  /**
   * Runs `work` through the breaker. While open it throws CircuitOpenError without calling `work`. The signal
   * aborts when `timeoutMs` passes; pass it on to fetch / the client so the abandoned call stops too.
   */
  execute<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T>;
}

/** Thrown instead of calling a dependency whose circuit is open. */
export class CircuitOpenError extends Error {
  readonly code = 'CIRCUIT_OPEN';
  constructor(readonly breaker: string) {
    super(`${breaker} is unavailable (circuit open); not calling it for now`);
    this.name = 'CircuitOpenError';
  }
}

/** Thrown when a call exceeds the breaker's timeoutMs. */
export class CircuitTimeoutError extends Error {
  readonly code = 'CIRCUIT_TIMEOUT';
  constructor(
    readonly breaker: string,
    readonly timeoutMs: number,
  ) {
    super(`${breaker} did not answer within ${timeoutMs} ms`);
    this.name = 'CircuitTimeoutError';
  }
}

export const isCircuitOpen = (error: unknown): error is CircuitOpenError => error instanceof CircuitOpenError;

const STATE_NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};
const STATE_VALUES: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

function createBreaker(name: string, options: BreakerOptions): Breaker {
  const isFailure = options.isFailure ?? (() => true);
  const policy: CircuitBreakerPolicy = circuitBreaker(
    handleWhen((error) => error instanceof TaskCancelledError || isFailure(error)),
    {
      halfOpenAfter: env().CIRCUIT_BREAKER_OPEN_MS ?? options.openMs ?? 10_000,
      breaker: new ConsecutiveBreaker(options.failures ?? 5),
    },
  );
  let current: BreakerState = 'closed';
  metrics().circuitBreakerState.set({ breaker: name }, 0);
  policy.onStateChange((next) => {
    const to = STATE_NAMES[next];
    if (to === current) return;
    const from = current;
    current = to;
    metrics().circuitBreakerState.set({ breaker: name }, STATE_VALUES[to]);
    metrics().circuitBreakerTransitions.inc({ breaker: name, to });
    const reason = to === 'open' ? policy.lastFailure : undefined;
    const err =
      reason && 'error' in reason && reason.error instanceof Error ? { message: reason.error.message } : undefined;
    const line = { breaker: name, from, to, ...(err ? { err } : {}) };
    if (to === 'open') logger.warn(line, `circuit breaker ${name} opened: failing fast for now`);
    else if (to === 'half-open') logger.info(line, `circuit breaker ${name} half-open: trying one call`);
    else logger.info(line, `circuit breaker ${name} closed: ${name} answers again`);
  });
  const guarded: IPolicy = options.timeoutMs
    ? wrap(policy, timeout(options.timeoutMs, TimeoutStrategy.Aggressive))
    : policy;
  return {
    name,
    state: () => current,
    async execute<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
      try {
        return await guarded.execute(({ signal }) => work(signal));
      } catch (error) {
        if (error instanceof BrokenCircuitError) {
          metrics().circuitBreakerRejections.inc({ breaker: name });
          throw new CircuitOpenError(name);
        }
        if (error instanceof TaskCancelledError) throw new CircuitTimeoutError(name, options.timeoutMs ?? 0);
        throw error;
      }
    },
  };
}

// One breaker per name per process, on globalThis: Next bundles routes separately, and every bundle must see the
// same circuit. Names are metric labels — keep them bounded (one per dependency, or per destination host).
const registryKey = Symbol.for('tika.breakers');
type Registry = Map<string, Breaker>;
const registry = (): Registry =>
  ((globalThis as { [registryKey]?: Registry })[registryKey] ??= new Map<string, Breaker>());

/** The process's breaker called `name`, created with `options` on first use (later options are ignored). */
export function getBreaker(name: string, options: BreakerOptions = {}): Breaker {
  const breakers = registry();
  let found = breakers.get(name);
  if (!found) {
    found = createBreaker(name, options);
    breakers.set(name, found);
  }
  return found;
}

/** Every breaker's state, for readiness and diagnostics. */
export function breakerStates(): Record<string, BreakerState> {
  return Object.fromEntries([...registry()].map(([name, breaker]) => [name, breaker.state()]));
}

/** For tests: forget every breaker (their metrics stay). */
export function resetBreakers(): void {
  registry().clear();
}
