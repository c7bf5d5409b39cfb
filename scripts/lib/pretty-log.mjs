// The readable form of the server's JSON log lines, for a person at a terminal (`npm run start:local`).
// pino-pretty does the formatting; this only shortens the per-request line to "GET /route → 200 (3.2 ms)" and
// drops the fields every line carries. A line that is not JSON is passed through unchanged.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const request = ['route', 'method', 'status', 'durationMs'];
const everyLine = 'service,env,pid,hostname,stream';

/** Returns line → text, or undefined when pino-pretty is not installed (then the JSON lines are shown as they are). */
export function createPrettifier({ colorize = true } = {}) {
  let prettyFactory;
  try {
    ({ prettyFactory } = require('pino-pretty'));
  } catch {
    return undefined;
  }
  const pretty = prettyFactory({ colorize, singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: everyLine });
  /** @param {string} line */
  return (line) => {
    /** @type {Record<string, unknown>} */
    let record;
    try {
      record = JSON.parse(line);
    } catch {
      return `${line}\n`;
    }
    if (!record || typeof record !== 'object' || Array.isArray(record)) return `${line}\n`;
    for (const [key, value] of Object.entries(record)) if (value === null) delete record[key];
    if (record.msg === 'request' && request.every((key) => key in record)) {
      record.msg = `${record.method} ${record.route} → ${record.status} (${record.durationMs} ms)`;
      for (const key of request) delete record[key];
    }
    // A configuration error lists its problems one per line: that is the one message a newcomer must read whole.
    if (Array.isArray(record.problems)) {
      const { problems, help } = record;
      delete record.problems;
      delete record.help;
      record.msg = String(record.msg).replace(/(configuration problems?):.*$/s, '$1:');
      return `${pretty(JSON.stringify(record)).trimEnd()}\n${problems.map((/** @type {unknown} */ p) => `  - ${String(p)}`).join('\n')}\n${help ?? ''}\n`;
    }
    return pretty(JSON.stringify(record));
  };
}
