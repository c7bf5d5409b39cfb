// Types for bench/lib/open-loop.mjs (its JSDoc states the same; `Op` is the caller's operation, handed back).
import type { IncomingHttpHeaders } from 'node:http';

export interface OpenLoopOp {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  [key: string]: unknown;
}
/** One request's end, in completion order: an answer (status, headers, body when read) or an error. */
export interface OpenLoopResult<Op extends OpenLoopOp = OpenLoopOp> {
  /** null for a request dropped before it was sent (too many in flight) */
  op: Op | null;
  status?: number;
  headers?: IncomingHttpHeaders;
  body?: string;
  error?: Error;
  ms: number | null;
  dueAt: number;
  at: number;
}
export function runOpenLoop<Op extends OpenLoopOp>(options: {
  url: string;
  rate: number;
  seconds: number;
  next: () => Op;
  onResult?: (result: OpenLoopResult<Op>) => void;
  maxOutstanding?: number;
  timeoutMs?: number;
  readBody?: (op: Op, status: number | undefined) => boolean;
}): Promise<{
  sent: number;
  completed: number;
  errors: number;
  dropped: number;
  durationS: number;
  late: { p99Ms: number; maxMs: number };
}>;
