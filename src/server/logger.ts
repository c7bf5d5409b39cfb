import 'server-only';
import { createRequire } from 'node:module';
import { loggerSettings } from './env';
import { trace } from '@opentelemetry/api';
import pino from 'pino';

// Redaction is path-based: every place a secret can sit in what we log. Censored, not removed, so a reader
// sees that a value was there.
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["x-api-key"]',
  '*.headers.authorization',
  '*.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.secret',
  '*.apiKey',
  '*.api_key',
  '*.authorization',
  '*.cookie',
  '*.dsn',
  'password',
  'token',
  'secret',
  'apiKey',
  'authorization',
  'cookie',
];

const loggerKey = Symbol.for('tika.logger');
type Holder = { [loggerKey]?: pino.Logger };

/** pino-pretty only in development and only when installed; production always writes JSON lines. */
function prettyTransport(): pino.TransportSingleOptions | undefined {
  if (!loggerSettings().pretty) return undefined;
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } };
  } catch {
    return undefined;
  }
}

function createLogger(): pino.Logger {
  const transport = prettyTransport();
  // An invalid LOG_LEVEL must not crash here, before the env check can report it with every other problem.
  const settings = loggerSettings();
  return pino({
    level: settings.level,
    base: { service: settings.service, env: settings.environment },
    redact: { paths: redactPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Custom level formatting is not allowed with transports; pretty output formats levels itself.
    ...(transport ? { transport } : { formatters: { level: (label: string) => ({ level: label }) } }),
    // Join logs to traces: when OpenTelemetry is on, every line written inside a span carries its ids.
    mixin() {
      const span = trace.getActiveSpan();
      if (!span) return {};
      const { traceId, spanId } = span.spanContext();
      return { trace_id: traceId, span_id: spanId };
    },
  });
}

export const logger: pino.Logger = ((globalThis as Holder)[loggerKey] ??= createLogger());
