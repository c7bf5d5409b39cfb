import { createToken, signUp } from './http-client';

// The faults suite's HTTP client: every request has a deadline (a hanging request is a finding, not a stuck
// test), network failures are answers too (`status: 0`), and error bodies are kept to check they are problem+json.

export interface Reply {
  status: number; // 0: no HTTP answer (connection refused or reset, aborted, timed out)
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  contentType: string;
  replayed: boolean;
  error?: string;
  ms: number;
}

export interface Caller {
  base: string;
  token: string;
}

export const REQUEST_DEADLINE_MS = 10_000;

export async function send(
  caller: Caller,
  method: string,
  path: string,
  options: { body?: unknown; idempotencyKey?: string; signal?: AbortSignal } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { authorization: `Bearer ${caller.token}` };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  const signal = options.signal
    ? AbortSignal.any([options.signal, AbortSignal.timeout(REQUEST_DEADLINE_MS)])
    : AbortSignal.timeout(REQUEST_DEADLINE_MS);
  const started = performance.now();
  try {
    const response = await fetch(`${caller.base}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal,
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: kept as text, and the caller's problem+json check fails on it
    }
    return {
      status: response.status,
      body,
      contentType: response.headers.get('content-type') ?? '',
      replayed: response.headers.get('idempotent-replayed') === 'true',
      ms: performance.now() - started,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    const name = (error as Error).name;
    return {
      status: 0,
      body: null,
      contentType: '',
      replayed: false,
      error: name === 'TimeoutError' ? 'timeout' : (cause?.code ?? (error as Error).message),
      ms: performance.now() - started,
    };
  }
}

/** A well-formed error answer: problem+json with a stable code and the request id. */
export function isProblem(reply: Reply): boolean {
  return (
    reply.contentType.startsWith('application/problem+json') &&
    typeof reply.body?.code === 'string' &&
    typeof reply.body?.requestId === 'string'
  );
}

export interface Workspace {
  caller: Caller;
  workspaceId: string;
  /** The owner's session cookie: the other way in, through the auth library's session lookup. */
  cookie: string;
  email: string;
  password: string;
}

/** A signed-up owner and an admin API token for its workspace (tokens survive app restarts; cookies would too). */
export async function newWorkspace(base: string): Promise<Workspace> {
  const owner = await signUp(base);
  const token = await createToken(base, owner, 'admin');
  return {
    caller: { base, token },
    workspaceId: owner.workspaceId,
    cookie: owner.cookie,
    email: owner.email,
    password: owner.password,
  };
}

export interface Board {
  id: string;
  columnIds: string[];
}

export async function newBoard(caller: Caller, name: string, columns = ['To do', 'Doing', 'Done']): Promise<Board> {
  const reply = await send(caller, 'POST', '/api/v1/boards', { body: { name, columns } });
  if (reply.status !== 201) throw new Error(`board create failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return { id: reply.body.id, columnIds: reply.body.columns.map((c: { id: string }) => c.id) };
}

export const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;
