import 'server-only';
import { getBreaker, isCircuitOpen } from './breaker';

// Telemetry exporters behind circuit breakers: when the OTLP collector or Sentry is down, spans and events are
// dropped at once (and counted: tika_circuit_breaker_rejections_total) instead of every batch waiting for a
// connection timeout, and a recovered collector is tried again after the open period.

/** The shape of an OpenTelemetry SpanExporter (ExportResultCode: 0 success, 1 failed). */
export interface SpanExporterLike<T = unknown> {
  export(items: T[], done: (result: { code: number; error?: Error }) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
}

export function spanExporterWithBreaker<T>(inner: SpanExporterLike<T>, name = 'otlp'): SpanExporterLike<T> {
  const breaker = getBreaker(name, { failures: 3, openMs: 30_000, timeoutMs: 15_000 });
  return {
    export(items, done) {
      breaker
        .execute(
          () =>
            new Promise<void>((resolve, reject) =>
              inner.export(items, (result) =>
                result.code === 0 ? resolve() : reject(result.error ?? new Error(`${name} export failed`)),
              ),
            ),
        )
        .then(
          () => done({ code: 0 }),
          (error: unknown) => done({ code: 1, error: error instanceof Error ? error : new Error(String(error)) }),
        );
    },
    shutdown: () => inner.shutdown(),
    ...(inner.forceFlush ? { forceFlush: () => inner.forceFlush!() } : {}),
  };
}

/** The shape of a Sentry transport. */
export interface TransportLike {
  send(envelope: unknown): PromiseLike<{ statusCode?: number } | void>;
  flush(timeout?: number): PromiseLike<boolean>;
}

/**
 * Wraps a Sentry transport factory (Sentry.makeNodeTransport). A network error or a 5xx from the DSN host counts
 * as a failure; while the circuit is open envelopes are dropped without a connection attempt.
 */
export function sentryTransportWithBreaker<O>(make: (options: O) => TransportLike, name = 'sentry') {
  return (options: O): TransportLike => {
    const inner = make(options);
    const breaker = getBreaker(name, { failures: 3, openMs: 30_000 });
    return {
      send: (envelope) =>
        breaker
          .execute(async () => {
            const response = await inner.send(envelope);
            if (response && (response.statusCode ?? 0) >= 500)
              throw new Error(`${name} answered ${response.statusCode}`);
            return response;
          })
          .catch((error: unknown) => {
            if (isCircuitOpen(error)) return {};
            throw error;
          }),
      flush: (timeout) => inner.flush(timeout),
    };
  };
}
