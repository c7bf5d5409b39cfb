import fc from 'fast-check';
import { errorStatus } from '../../src/server/errors';
import { changedTables, type DbSnapshot, type SnapshotReader } from '../support/fuzz-db';
import { sendRaw, type RawRequest, type RawResponse } from '../support/fuzz-http';
import { Deep, deepJson } from './nasty';
import { OMIT_HEADER, planArb, type Caller, type Category, type Plan, type Segment } from './cases';
import type { Operation } from './openapi';
import { Ref } from './values';
import { learn, repair, type Credential, type Tenant, type World } from './world';

// Sends generated requests one at a time, checks every answer, and (on PostgreSQL) fingerprints the tenant tables
// after each request: a request that was not answered 2xx must leave them exactly as they were.

export interface Violation {
  operationId: string;
  category: Category;
  kind: '5xx' | 'not-problem-json' | 'bad-problem' | 'db-changed' | 'accepted-invalid' | 'transport' | 'fuzzer-error';
  detail: string;
  request: string;
}

export interface Figures {
  requests: number;
  setupRequests: number;
  perOperation: Record<string, { requests: number; ok2xx: number; statuses: Record<string, number> }>;
  perCategory: Record<string, number>;
  statuses: Record<string, number>;
  problemCodes: Record<string, number>;
  dbChecks: number;
  violations: Violation[];
  counterexamples: {
    operationId: string;
    seed: number;
    path: string;
    numShrinks: number;
    request: string;
    violations: string[];
  }[];
  latencyMs: { p50: number; p95: number; p99: number; max: number };
}

export function emptyFigures(): Figures {
  return {
    requests: 0,
    setupRequests: 0,
    perOperation: {},
    perCategory: {},
    statuses: {},
    problemCodes: {},
    dbChecks: 0,
    violations: [],
    counterexamples: [],
    latencyMs: { p50: 0, p95: 0, p99: 0, max: 0 },
  };
}

interface Materialized {
  raw: RawRequest;
  tenant: Tenant;
  params: Record<string, string>;
  callerCookie?: string;
  doomedIndex?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Turning a plan into bytes

/** Percent-encodes everything but unreserved characters, byte-wise (lone surrogates become U+FFFD, as in UTF-8). */
function encode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Header values travel as bytes: non-latin1 text is sent as its UTF-8 bytes, control characters dropped. */
const headerValue = (s: string) =>
  Buffer.from(s, 'utf8')
    .toString('latin1')
    .replace(/[\u0000-\u0008\u000A-\u001F\u007F]/g, '');

function fallbackUuid(pick: number): string {
  return `00000000-0000-4000-8000-${pick.toString(16).padStart(12, '0')}`;
}

function resolveRef(
  ref: Ref,
  world: World,
  context: { ticketId?: string; tenant: Tenant; doomedSlug?: string },
): string | number {
  const own = world.own;
  const source = ref.scope === 'other' ? world.other : own;
  const pickFrom = (list: string[]) => (list.length ? list[ref.pick % list.length]! : undefined);
  switch (ref.kind) {
    case 'version': {
      const current = (context.ticketId && context.tenant.versions.get(context.ticketId)) || 1;
      return ref.scope === 'live' ? current : ref.scope === 'dead' ? Math.max(1, current - 1) : current + 7;
    }
    case 'invitationToken':
      return ref.scope === 'dead'
        ? `tinv_${'0'.repeat(43)}`
        : (pickFrom(source.invitationTokens) ?? `tinv_${ref.pick}`);
    case 'slug': {
      // Only a doomed workspace may get its own slug (deleteWorkspace's confirmation): everyone else is sent
      // another workspace's slug, so the fuzz never deletes the workspaces it runs in.
      const elsewhere = context.tenant === world.other ? world.own.slug : world.other.slug;
      return ref.scope === 'live' ? (context.doomedSlug ?? elsewhere) : elsewhere;
    }
    case 'memberId': {
      const ids = [
        ...source.creds.map((c) => c.userId).filter((x): x is string => Boolean(x)),
        ...source.spares.map((s) => s.userId),
      ];
      return pickFrom(ids) ?? fallbackUuid(ref.pick);
    }
    default: {
      const list = ref.scope === 'dead' ? own.dead[ref.kind] : source.live[ref.kind];
      return pickFrom(list) ?? pickFrom(own.live[ref.kind]) ?? fallbackUuid(ref.pick);
    }
  }
}

function resolveValue(value: unknown, resolve: (ref: Ref) => unknown): unknown {
  if (value instanceof Ref) return resolve(value);
  if (value instanceof Deep) return value;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, resolve));
  // Object.entries keeps an own "__proto__" key as data; Object.fromEntries defines it as a plain property.
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveValue(v, resolve)]));
}

function callerCredential(
  caller: Caller,
  op: Operation,
  world: World,
): { cred?: Credential; tenant: Tenant; cookie?: string; doomedIndex?: number; headers: Record<string, string> } {
  const pickCred = (tenant: Tenant, pick: number) => {
    const pool = op.auth === 'user' ? tenant.creds.filter((c) => c.cookie) : tenant.creds;
    return pool[pick % pool.length]!;
  };
  const asHeaders = (cred: Credential): Record<string, string> =>
    cred.token
      ? { authorization: `Bearer ${cred.token}` }
      : { cookie: cred.cookie!, 'x-tika-workspace': cred.tenantId };
  switch (caller.kind) {
    case 'own': {
      const cred = pickCred(world.own, caller.pick);
      return { cred, tenant: world.own, cookie: cred.cookie, headers: asHeaders(cred) };
    }
    case 'spare': {
      const spare = world.own.spares[caller.pick % world.own.spares.length]!;
      return {
        tenant: world.own,
        cookie: spare.cookie,
        headers: { cookie: spare.cookie, 'x-tika-workspace': world.own.id },
      };
    }
    case 'other': {
      const cred = pickCred(world.other, caller.pick);
      return { cred, tenant: world.other, cookie: cred.cookie, headers: asHeaders(cred) };
    }
    case 'doomed': {
      if (world.doomed.length === 0)
        return { tenant: world.own, cookie: world.own.owner.cookie, headers: asHeaders(world.own.owner) };
      const doomedIndex = caller.pick % world.doomed.length;
      const doomed = world.doomed[doomedIndex]!;
      return {
        tenant: world.own,
        cookie: doomed.cookie,
        doomedIndex,
        headers: { cookie: doomed.cookie, 'x-tika-workspace': doomed.id },
      };
    }
    case 'none':
      return { tenant: world.own, headers: {} };
    case 'revoked':
      return { tenant: world.own, headers: { authorization: `Bearer ${world.own.revokedToken}` } };
    case 'garbage': {
      const headers: Record<string, string> = {};
      if (caller.authorization !== undefined) headers.authorization = caller.authorization;
      if (caller.cookie !== undefined) headers.cookie = caller.cookie;
      return { tenant: world.own, headers };
    }
  }
}

export function materialize(plan: Plan, op: Operation, world: World): Materialized {
  const who = callerCredential(plan.caller, op, world);
  const headers: Record<string, string> = { origin: world.base, ...who.headers };
  const doomedSlug = who.doomedIndex !== undefined ? world.doomed[who.doomedIndex]!.slug : undefined;
  switch (plan.workspace.kind) {
    case 'omit':
      delete headers['x-tika-workspace'];
      break;
    case 'ref':
      headers['x-tika-workspace'] = {
        other: world.other.id,
        dead: fallbackUuid(7),
        live: world.own.id,
        slug: world.own.slug,
        'other-slug': world.other.slug,
      }[plan.workspace.scope];
      break;
    case 'value':
      headers['x-tika-workspace'] = headerValue(plan.workspace.value);
      break;
  }
  const params: Record<string, string> = {};
  const segmentText = (name: string, segment: Segment) => {
    if ('raw' in segment) return segment.raw;
    const value = 'ref' in segment ? String(resolveRef(segment.ref, world, { tenant: who.tenant })) : segment.value;
    params[name] = value;
    return encode(value);
  };
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => segmentText(name, plan.params[name]!));
  const resolve = (ref: Ref) => resolveRef(ref, world, { ticketId: params.ticketId, tenant: who.tenant, doomedSlug });
  const query = plan.query
    .map(
      ({ name, value, raw }) =>
        `${encode(name)}=${raw ? value : encode(String(value instanceof Ref ? resolve(value) : value))}`,
    )
    .join('&');
  let body: Buffer | undefined;
  let chunked = false;
  switch (plan.body.kind) {
    case 'json':
      body = Buffer.from(deepJson(JSON.stringify(resolveValue(plan.body.value, resolve)) ?? 'null'), 'utf8');
      break;
    case 'text':
      body = Buffer.isBuffer(plan.body.text) ? plan.body.text : Buffer.from(plan.body.text, 'utf8');
      break;
    case 'oversized': {
      const value = resolveValue(plan.body.value, resolve);
      const base = value && typeof value === 'object' && !Array.isArray(value) ? value : { value };
      body = Buffer.from(deepJson(JSON.stringify({ ...base, padding: 'x'.repeat(plan.body.padding) })), 'utf8');
      chunked = plan.body.chunked;
      break;
    }
  }
  if (body) {
    if (plan.contentType === undefined) headers['content-type'] = 'application/json';
    else if (plan.contentType !== null) headers['content-type'] = headerValue(plan.contentType);
  }
  for (const [key, value] of Object.entries(plan.extraHeaders)) {
    if (value === OMIT_HEADER) delete headers[key];
    else headers[key] = headerValue(value);
  }
  if (chunked) headers['transfer-encoding'] = 'chunked';
  // Node refuses a request head over 16 KB with a bare 431 before any app code runs: stay within it, trimming the
  // padding header first, then the longest other header.
  const requestPath = `/api/v1${path}${query ? `?${query}` : ''}`.slice(0, 12_000);
  const headSize = () =>
    requestPath.length + Object.entries(headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
  while (headSize() > 15_000) {
    const [longest, value] = Object.entries(headers).sort((a, b) => b[1].length - a[1].length)[0]!;
    headers[longest] = value.slice(0, Math.max(0, value.length - (headSize() - 15_000)));
  }
  return {
    raw: { method: op.method, path: requestPath, headers, body, chunked },
    tenant: who.tenant,
    params,
    callerCookie: who.cookie,
    doomedIndex: who.doomedIndex,
  };
}

export function describeRequest(raw: RawRequest): string {
  const headers = Object.entries(raw.headers)
    .map(
      ([k, v]) =>
        `${k}: ${k === 'cookie' || k === 'authorization' ? v.slice(0, 24) + (v.length > 24 ? '…' : '') : v.length > 80 ? `${v.slice(0, 80)}…(${v.length})` : v}`,
    )
    .join(' | ');
  const body = raw.body
    ? raw.body.length > 300
      ? `${raw.body.subarray(0, 300).toString('utf8')}…(${raw.body.length} bytes)`
      : raw.body.toString('utf8')
    : '';
  const path = raw.path.length > 300 ? `${raw.path.slice(0, 300)}…(${raw.path.length})` : raw.path;
  return `${raw.method} ${path} [${headers}]${body ? ` ${JSON.stringify(body)}` : ''}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Checking an answer

const knownCodes = new Set(Object.keys(errorStatus));

export function problemViolations(response: RawResponse): { kind: Violation['kind']; detail: string }[] {
  const out: { kind: Violation['kind']; detail: string }[] = [];
  if (response.status >= 500) out.push({ kind: '5xx', detail: `${response.status}: ${response.body.slice(0, 300)}` });
  if (response.status < 300) return out;
  if (response.status < 400) {
    // Next answers dot segments (/boards/.%2e) with a 308 to the normalised path, before any route runs; WHATWG URL
    // clients normalise such paths before sending. Counted in the figures; a redirect off this origin is a finding.
    const location = String(response.headers.location ?? '');
    const target = URL.canParse(location, 'http://fuzz.invalid')
      ? new URL(location, 'http://fuzz.invalid').hostname
      : '';
    if (!['fuzz.invalid', '127.0.0.1'].includes(target))
      out.push({ kind: 'not-problem-json', detail: `${response.status} to "${location}"` });
    return out;
  }
  const type = String(response.headers['content-type'] ?? '');
  if (!type.startsWith('application/problem+json')) {
    out.push({
      kind: 'not-problem-json',
      detail: `${response.status} with content-type "${type}": ${response.body.slice(0, 200)}`,
    });
    return out;
  }
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(response.body);
  } catch {
    out.push({ kind: 'bad-problem', detail: `${response.status}: body is not JSON: ${response.body.slice(0, 200)}` });
    return out;
  }
  const code = String(body.code);
  if (!knownCodes.has(code)) out.push({ kind: 'bad-problem', detail: `unknown code ${code}` });
  else if (errorStatus[code as keyof typeof errorStatus] !== response.status)
    out.push({ kind: 'bad-problem', detail: `code ${code} with status ${response.status}` });
  if (body.status !== response.status)
    out.push({ kind: 'bad-problem', detail: `body.status ${String(body.status)} ≠ ${response.status}` });
  if (typeof body.requestId !== 'string' || !body.requestId) out.push({ kind: 'bad-problem', detail: 'no requestId' });
  else if (response.headers['x-request-id'] !== body.requestId)
    out.push({
      kind: 'bad-problem',
      detail: `requestId ${body.requestId} ≠ x-request-id ${String(response.headers['x-request-id'])}`,
    });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The run

export interface RunOptions {
  world: World;
  operations: Operation[];
  /** Requests to generate in total (shrinking adds a few). */
  requests: number;
  rounds: number;
  seed: number;
  snapshots?: SnapshotReader;
  figures: Figures;
  log?: (line: string) => void;
  /** Requests a shrink may spend per failure. */
  shrinkBudget?: number;
}

const latencies: number[] = [];

function bump(record: Record<string, number>, key: string, by = 1) {
  record[key] = (record[key] ?? 0) + by;
}

/** Derives the seed of one chunk (round × operation × attempt) from the run's seed. */
export function chunkSeed(seed: number, round: number, opIndex: number, attempt: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const n of [round, opIndex, attempt]) h = Math.imul(h ^ (n + 0x7f4a7c15), 0x85ebca6b) >>> 0;
  return h | 0;
}

export async function runFuzz(options: RunOptions): Promise<Figures> {
  const { world, operations, figures, snapshots } = options;
  const base = new URL(world.base);
  const counter = { setupRequests: 0 };
  const chunks = operations.length * options.rounds;
  // Every chunk gets its share; the first `requests % chunks` chunks one more, so the total is exact.
  const chunkBudget = (index: number) =>
    Math.floor(options.requests / chunks) + (index < options.requests % chunks ? 1 : 0);
  let baseline: DbSnapshot | undefined = snapshots ? await snapshots.take() : undefined;
  // fast-check reports the last failing value of a shrink as the counterexample: the last failing execution.
  let lastFailure: { request: string; violations: string[] } | undefined;

  async function execute(plan: Plan, op: Operation): Promise<Violation[]> {
    const m = materialize(plan, op, world);
    const request = describeRequest(m.raw);
    const violations: Violation[] = [];
    const add = (kind: Violation['kind'], detail: string) =>
      violations.push({ operationId: op.operationId, category: plan.category, kind, detail, request });
    let response: RawResponse | undefined;
    try {
      response = await sendRaw(base, m.raw);
    } catch (error) {
      add('transport', (error as Error).message);
    }
    figures.requests++;
    bump(figures.perCategory, plan.category);
    const perOp = (figures.perOperation[op.operationId] ??= { requests: 0, ok2xx: 0, statuses: {} });
    perOp.requests++;
    if (response) {
      latencies.push(response.ms);
      bump(figures.statuses, String(response.status));
      bump(perOp.statuses, String(response.status));
      for (const v of problemViolations(response)) add(v.kind, v.detail);
      if (response.status >= 400 && String(response.headers['content-type']).startsWith('application/problem+json')) {
        try {
          bump(figures.problemCodes, String(JSON.parse(response.body).code));
        } catch {
          // reported above
        }
      }
      const ok = response.status >= 200 && response.status < 300;
      if (ok) {
        perOp.ok2xx++;
        // Bodies that are not JSON, or over the limit, must never be accepted by an operation that reads one.
        if (op.body && (plan.category === 'malformed' || plan.category === 'oversized'))
          add('accepted-invalid', `${response.status} for a ${plan.category} body`);
        let parsed: unknown = null;
        try {
          parsed = response.body ? JSON.parse(response.body) : null;
        } catch {
          parsed = null;
        }
        learn(world, m.tenant, op.operationId, m.params, parsed, m.callerCookie);
        if (op.operationId === 'deleteWorkspace' && m.doomedIndex !== undefined) world.doomed.splice(m.doomedIndex, 1);
      }
      if (snapshots && (!ok || op.method !== 'GET')) {
        const after = await snapshots.take();
        if (!ok && baseline) {
          figures.dbChecks++;
          const changed = changedTables(baseline, after);
          if (changed.length) add('db-changed', `answered ${response.status} but changed ${changed.join(', ')}`);
        }
        baseline = after;
      }
    }
    for (const v of violations) if (figures.violations.length < 200) figures.violations.push(v);
    if (violations.length) lastFailure = { request, violations: violations.map((v) => `${v.kind}: ${v.detail}`) };
    return violations;
  }

  let wrote = true;
  try {
    for (let round = 0; round < options.rounds; round++) {
      for (const [opIndex, op] of operations.entries()) {
        if (wrote) {
          await repair(world, counter);
          if (snapshots) baseline = await snapshots.take();
        }
        const requestsBefore = figures.requests;
        const okBefore = Object.values(figures.perOperation).reduce((n, o) => n + (o.ok2xx ?? 0), 0);
        let remaining = chunkBudget(round * operations.length + opIndex);
        // After a failure the chunk goes on with a fresh seed (at most 10 counterexamples per chunk).
        for (let attempt = 0; remaining > 0 && attempt < 10; attempt++) {
          const seed = chunkSeed(options.seed, round, opIndex, attempt);
          let shrinkRequests = 0;
          let runs = 0;
          let failedOnce = false;
          const result = await fc.check(
            fc.asyncProperty(planArb(op), async (plan) => {
              if (failedOnce) {
                // Shrinking: bounded, so one failure cannot eat the run's time.
                if (++shrinkRequests > (options.shrinkBudget ?? 60)) return true;
              } else runs++;
              let violations: Violation[];
              try {
                violations = await execute(plan, op);
              } catch (error) {
                // A bug of the fuzzer itself must fail the suite too, not pass as an unexplained counterexample.
                violations = [
                  {
                    operationId: op.operationId,
                    category: plan.category,
                    kind: 'fuzzer-error',
                    detail: String((error as Error).stack ?? error).slice(0, 500),
                    request: '',
                  },
                ];
                figures.violations.push(violations[0]!);
                lastFailure = { request: `${plan.category} plan`, violations: [violations[0]!.detail] };
              }
              if (violations.length) failedOnce = true;
              return violations.length === 0;
            }),
            { numRuns: remaining, seed },
          );
          remaining -= runs;
          if (result.failed && result.counterexample) {
            const seen = lastFailure;
            figures.counterexamples.push({
              operationId: op.operationId,
              seed,
              path: result.counterexamplePath ?? '',
              numShrinks: result.numShrinks,
              request: seen?.request ?? '',
              violations: seen?.violations ?? [],
            });
            options.log?.(
              `!! ${op.operationId}: counterexample (chunk seed ${seed}, path ${result.counterexamplePath}): ${seen?.request}\n   ${seen?.violations.join('\n   ')}`,
            );
          } else break;
        }
        const okAfter = Object.values(figures.perOperation).reduce((n, o) => n + (o.ok2xx ?? 0), 0);
        wrote = op.method !== 'GET' && okAfter > okBefore && figures.requests > requestsBefore;
      }
      options.log?.(
        `round ${round + 1}/${options.rounds}: ${figures.requests} requests, ${figures.violations.length} violations`,
      );
    }
  } finally {
    figures.setupRequests += counter.setupRequests;
    const sorted = [...latencies].sort((a, b) => a - b);
    const at = (q: number) =>
      Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 10) / 10;
    figures.latencyMs = {
      p50: at(0.5),
      p95: at(0.95),
      p99: at(0.99),
      max: Math.round((sorted[sorted.length - 1] ?? 0) * 10) / 10,
    };
    latencies.length = 0;
  }
  return figures;
}
