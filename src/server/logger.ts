import pino from 'pino';

// Redaction is path-based: every place a secret can sit in what we log.
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.secret',
  '*.apiKey',
  '*.authorization',
  '*.cookie',
  'password',
  'token',
  'secret',
];

const loggerKey = Symbol.for('tika.logger');
type Holder = { [loggerKey]?: pino.Logger };

function createLogger(): pino.Logger {
  return pino({
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
    base: { service: 'tika' },
    redact: { paths: redactPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}

export const logger: pino.Logger = ((globalThis as Holder)[loggerKey] ??= createLogger());
