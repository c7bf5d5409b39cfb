// Every line a Tika server process writes is one JSON object, so a log shipper can parse stdout and stderr as
// JSON lines. pino's own lines already are (pino writes to the file descriptor, not through process.stdout);
// this turns everything else written through process.stdout / process.stderr — Next's start banner, a library's
// console.warn, Next's own error reports — into one pino-shaped line per write, with ANSI colours removed.
// The readable form for a person at a terminal is made from these lines by `npm run start:local` (pretty-log.mjs).
//
//   import { installJsonStdio, logLine } from './lib/json-stdio.mjs';
//   installJsonStdio();                       // before the server is imported
//   logLine('info', 'schema matches', {...});  // a line of our own, same shape as the server's pino lines

const ansi = /\u001b\[[0-9;?]*[A-Za-z]/g;

function base() {
  return {
    service: process.env.OTEL_SERVICE_NAME || 'tika',
    env: process.env.TIKA_ENV || process.env.NODE_ENV || 'production',
  };
}

/**
 * One JSON line in the server logger's shape: level label, ISO time, service, env, fields, msg.
 * @param {string} level
 * @param {string} msg
 * @param {Record<string, unknown>} [fields]
 */
export function jsonLine(level, msg, fields = {}) {
  return `${JSON.stringify({ level, time: new Date().toISOString(), ...base(), ...fields, msg })}\n`;
}

/**
 * Writes one JSON line (errors and warnings to stderr, the rest to stdout).
 * @param {string} level
 * @param {string} msg
 * @param {Record<string, unknown>} [fields]
 */
export function logLine(level, msg, fields = {}) {
  const stream = level === 'error' || level === 'fatal' ? process.stderr : process.stdout;
  stream.write(jsonLine(level, msg, fields));
}

/** @param {string} text */
function isJsonLines(text) {
  const lines = text.split('\n').filter((line) => line.trim());
  if (!lines.length) return false;
  return lines.every((line) => {
    if (!line.trimStart().startsWith('{')) return false;
    try {
      return typeof JSON.parse(line) === 'object';
    } catch {
      return false;
    }
  });
}

/**
 * @param {string} streamName
 * @param {string} message
 */
function levelOf(streamName, message) {
  if (streamName === 'stdout') return 'info';
  // Next marks warnings with ⚠; Node's own warnings read "(node:PID) …Warning: …".
  return /^\s*(⚠|warn\b|\(node:\d+\) (\[\w+\] )?\w*Warning)/i.test(message) ? 'warn' : 'error';
}

/** Wraps process.stdout/stderr so anything that is not already a JSON line is written as one. Idempotent. */
export function installJsonStdio() {
  const processGlobals = /** @type {Record<symbol, unknown>} */ (/** @type {unknown} */ (globalThis));
  if (processGlobals[Symbol.for('tika.jsonStdio')]) return;
  processGlobals[Symbol.for('tika.jsonStdio')] = true;
  /** @type {Array<[string, NodeJS.WriteStream]>} */
  const streams = [
    ['stdout', process.stdout],
    ['stderr', process.stderr],
  ];
  for (const [name, stream] of streams) {
    /** @typedef {(error?: Error | null) => void} Done */
    const write =
      /** @type {(chunk: string | Uint8Array, encoding?: BufferEncoding | Done, done?: Done) => boolean} */ (
        stream.write.bind(stream)
      );
    /** @type {(chunk: string | Uint8Array, encoding?: BufferEncoding | Done, callback?: Done) => boolean} */
    const jsonWrite = (chunk, encoding, callback) => {
      const done = typeof encoding === 'function' ? encoding : callback;
      const text =
        typeof chunk === 'string'
          ? chunk
          : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8');
      if (isJsonLines(text)) return write(chunk, encoding, callback);
      const message = text.replace(ansi, '').trimEnd();
      if (!message.trim()) {
        if (done) process.nextTick(done);
        return true;
      }
      return write(jsonLine(levelOf(name, message), message.replace(/^\s+/, ''), { stream: name }), done);
    };
    stream.write = /** @type {NodeJS.WriteStream['write']} */ (jsonWrite);
  }
}

/**
 * For one-shot scripts (migrate, the schema check): a readable "component: message" at a terminal, a JSON line
 * otherwise (a container's log, CI) — the same rule the server's log follows under `npm run start:local`.
 * @param {string} component
 * @param {{ tty?: boolean }} [options]
 */
export function scriptLogger(component, { tty = Boolean(process.stdout.isTTY) } = {}) {
  /** @type {(level: string, msg: string, fields?: Record<string, unknown>) => void} */
  const log = (level, msg, fields = {}) => {
    if (!tty) return logLine(level, msg, { component, ...fields });
    const text = `${component}: ${msg}`;
    if (level === 'error' || level === 'fatal') console.error(text);
    else if (level === 'warn') console.warn(text);
    else console.log(text);
  };
  return log;
}
