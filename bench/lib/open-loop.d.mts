// Types for bench/lib/open-loop.mjs.
export interface OpenLoopOp {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  [key: string]: unknown;
}
export function runOpenLoop(options: {
  url: string;
  rate: number;
  seconds: number;
  next: () => OpenLoopOp;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onResult?: (result: any) => void;
  maxOutstanding?: number;
  timeoutMs?: number;
  readBody?: (op: OpenLoopOp, status: number | undefined) => boolean;
}): Promise<{
  sent: number;
  completed: number;
  errors: number;
  dropped: number;
  durationS: number;
  late: { p99Ms: number; maxMs: number };
}>;
