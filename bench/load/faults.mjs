/* global AbortSignal -- a Node global the shared bench globals list lacks */
// Faults of the dependencies other than PostgreSQL, each under the same mixed load:
//   sentry  — SENTRY_DSN points at a blackhole (accepts, never answers) while deliberate 500s make the SDK send
//             events; the same workload rotates between that app, one whose DSN host answers, and one without a
//             DSN. Printed: p50/p95/p99 of each, blackhole ÷ reachable (the fault's cost) and reachable ÷ none
//             (what reporting costs). Asserted: events were attempted and delivered; no workload errors.
//   redis   — two apps on RATE_LIMIT_BACKEND=redis, one fail-open, one fail-closed; redis-server is SIGKILLed
//             mid-load and restarted. Asserted: the open app answers no 5xx and keeps serving (2xx, and without
//             RateLimit headers while Redis is gone); the closed app answers only 503 SERVICE_UNAVAILABLE
//             problem+json (never another 5xx) while Redis is gone; both limit again (headers back, no 503) within
//             10 s of the restart.
//   unleash — the same two apps read flags from a local Unleash (tests/support/unleash-server.ts) that turns
//             TICKET_COMMENTS on for half the workspaces; it is stopped at the same moment as Redis and stays
//             down. Asserted: readiness notices (unleash down), and flags and the comment endpoints they gate keep
//             the last known values until the end.
import { setTimeout as sleep } from 'node:timers/promises';
import { startUnleash } from '../../tests/support/unleash-server.ts';
import { tempDir } from '../lib/procs.mjs';
import { baseAppEnv, startApp, startBlackhole, startRedis, startSentrySink } from './services.mjs';
import { createRecorder } from './stats.mjs';
import { drive } from './workload.mjs';

/** @typedef {import('./services.mjs').App} App */
/** @typedef {import('./services.mjs').LoadDb} LoadDb */
/** @typedef {import('./workload.mjs').Mix} Mix */
/** @typedef {import('./workload.mjs').DriveEvent} DriveEvent */
/** @typedef {import('./seed.mjs').SeededWorkspace} SeededWorkspace */
/** @typedef {ReturnType<typeof createRecorder>} Recorder */
/** @typedef {ReturnType<Recorder['summary']>} Summary */
/** @typedef {(message: string) => void} Say */

/**
 * @param {{ url: string }} app
 * @param {string} path
 * @param {string} [token]
 * @returns {Promise<{ status: number, body: unknown, type: string }>} body: the parsed JSON, else the text
 */
async function get(app, path, token) {
  const res = await fetch(`${app.url}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body, type: res.headers.get('content-type') ?? '' };
}

/**
 * @param {{ url: string }} app
 * @param {string} path
 * @param {string | undefined} token
 * @param {unknown} body
 * @returns {Promise<{ status: number, body: unknown }>}
 */
async function post(app, path, token, body) {
  const res = await fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? /** @type {unknown} */ (JSON.parse(text)) : null };
}

/** Calls `fn` every `everyMs` until stop(); errors are kept, not thrown, so a probe never ends the phase early. */
/**
 * @param {number} everyMs
 * @param {() => Promise<void>} fn
 */
function every(everyMs, fn) {
  let stopped = false;
  /** @type {string[]} */
  const errors = [];
  const loop = (async () => {
    while (!stopped) {
      const t0 = performance.now();
      // What the probes throw is fetch's, JSON.parse's or their own Error.
      await fn().catch((/** @type {Error} */ error) => errors.push(error.message));
      await sleep(Math.max(0, everyMs - (performance.now() - t0)));
    }
  })();
  return {
    errors,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------

/** Waits until `app` answers liveness quickly: requests the client gave up on may still be queued in the server. */
/**
 * @param {App} app
 * @param {Say} say
 */
async function settle(app, say) {
  const deadline = performance.now() + 90_000;
  while (performance.now() < deadline) {
    const t0 = performance.now();
    await get(app, '/api/health/live').catch(() => undefined);
    const ms = performance.now() - t0;
    if (ms < 100) return;
    say(`  ${app.name} still busy (liveness in ${ms.toFixed(0)} ms): waiting for its queue to drain`);
    await sleep(2_000);
  }
}

/**
 * @param {{ root: string, db: LoadDb, baseline: App, mix: Mix, rate: number, roundSeconds: number, rounds: number,
 *   say: Say }} options
 */
export async function sentryPhase({ root, db, baseline, mix, rate, roundSeconds, rounds, say }) {
  await settle(baseline, say);
  // Three servers on the same database: no DSN (the running baseline), a DSN whose host answers, and a DSN whose
  // host never answers. The fault's cost is blackhole ÷ reachable (same SDK, same events); reachable ÷ none is
  // what error reporting itself costs, printed apart so the two are not confused.
  const sink = await startSentrySink();
  const blackhole = await startBlackhole();
  const reachable = await startApp(root, 'sentry-reachable', {
    ...baseAppEnv(db),
    TIKA_DIAGNOSTICS: '1',
    SENTRY_DSN: sink.dsn,
  });
  const withDsn = await startApp(root, 'sentry-blackhole', {
    ...baseAppEnv(db),
    TIKA_DIAGNOSTICS: '1',
    SENTRY_DSN: blackhole.dsn,
  });
  const apps = [baseline, reachable, withDsn];
  // The baseline has been serving for a while; warm the new servers' JIT too before measuring any.
  for (const app of [reachable, withDsn])
    await drive({ target: app, mix, rate: rate / 2, seconds: 3, record: () => undefined });
  /** @type {Record<string, Recorder>} */
  const recorders = Object.fromEntries(apps.map((app) => [app.name, createRecorder()]));
  /** @type {Record<string, Record<string, number>>} the deliberate error's answers per app: status → count */
  const deliberate = Object.fromEntries(apps.map((app) => [app.name, {}]));
  // Both tables have a key for every app's name.
  const recorderOf = (/** @type {string} */ name) => /** @type {Recorder} */ (recorders[name]);
  const started = performance.now();
  try {
    for (let round = 0; round < rounds; round++) {
      // ABC then CBA, so a drift of the machine's load hits all three alike.
      const order = round % 2 ? [...apps].reverse() : apps;
      for (const app of order) {
        // Deliberate server errors on the side, 4/s: each is an event the SDK tries to deliver.
        const counts = /** @type {Record<string, number>} */ (deliberate[app.name]);
        const errors = every(250, async () => {
          const res = await get(app, '/api/diagnostics/error');
          counts[res.status] = (counts[res.status] ?? 0) + 1;
        });
        await drive({
          target: app,
          mix,
          rate,
          seconds: roundSeconds,
          record: (e) => recorderOf(app.name).record(e),
          started,
        });
        await errors.stop();
      }
      say(
        `sentry round ${round + 1}/${rounds} done (reachable host: ${sink.state.envelopes} envelopes; blackhole: ${blackhole.state.connections} connections, ${blackhole.state.bytes} bytes received)`,
      );
    }
  } finally {
    await withDsn.stop();
    await reachable.stop();
    await blackhole.close();
    await sink.close();
  }
  const [a, r, b] = /** @type {[Summary, Summary, Summary]} */ (
    apps.map((app) => recorderOf(app.name).summary(rounds * roundSeconds))
  );
  /** @type {string[]} */
  const failures = [];
  if (blackhole.state.connections === 0)
    failures.push(
      'sentry: the SDK never connected to the blackhole — no event was attempted, the comparison says nothing',
    );
  if (sink.state.envelopes === 0)
    failures.push('sentry: the reachable host received no envelope — the baseline DSN is not reporting');
  const answeredErrors = (/** @type {Summary} */ s) =>
    s.errors - (s.statuses.timeout ?? 0) - (s.statuses.connection ?? 0);
  const answered = answeredErrors(a) + answeredErrors(r) + answeredErrors(b);
  if (answered > 0)
    failures.push(
      `sentry: ${answered} workload error answers (${JSON.stringify({ noDsn: a.statuses, reachableDsn: r.statuses, blackholeDsn: b.statuses })})`,
    );
  for (const [name, statuses] of Object.entries(deliberate)) {
    const other = Object.keys(statuses).filter((s) => s !== '500');
    if (other.length)
      failures.push(`sentry: the deliberate error on ${name} answered ${JSON.stringify(statuses)} (expected 500 only)`);
  }
  return {
    failures,
    figures: {
      noDsn: pick(a),
      reachableDsn: pick(r),
      blackholeDsn: pick(b),
      p95Ratio: ratio(b.p95Ms, r.p95Ms),
      p50Ratio: ratio(b.p50Ms, r.p50Ms),
      p99Ratio: ratio(b.p99Ms, r.p99Ms),
      reportingCost: { p50Ratio: ratio(r.p50Ms, a.p50Ms), p95Ratio: ratio(r.p95Ms, a.p95Ms) },
      deliberateErrors: deliberate,
      blackhole: { connections: blackhole.state.connections, bytesReceived: blackhole.state.bytes },
      reachableHost: { envelopes: sink.state.envelopes },
      roundSeconds,
      rounds,
    },
  };
}

const ratio = (/** @type {number | null} */ x, /** @type {number | null} */ y) =>
  x && y ? Number((x / y).toFixed(2)) : null;
const pick = (/** @type {Summary} */ s) => ({
  requests: s.requests,
  achievedRate: s.achievedRate,
  p50Ms: s.p50Ms,
  p95Ms: s.p95Ms,
  p99Ms: s.p99Ms,
  errors: s.errors,
  unanswered: (s.statuses.timeout ?? 0) + (s.statuses.connection ?? 0),
  conflicts: s.conflicts,
});

// ---------------------------------------------------------------------------------------------------------------

const FLAG = 'TICKET_COMMENTS';

/**
 * One answer of the redis/unleash phase, as judge() reads it.
 * @typedef {{ at: number, sentAt: number, status: number | string | undefined, outcome: string, limited: boolean,
 *   code: unknown, requestId: unknown, problemType: string | string[] | undefined }} FaultEvent
 */
/** @typedef {{ status: number, enabled: boolean | undefined, source: string | undefined }} FlagReading */
/** @typedef {{ at: number, on: FlagReading & { comment: number }, off: FlagReading & { comment: number, code: unknown } }} Probe */
/** @typedef {{ at: number, status: number, database?: string, unleash?: string, rateLimit?: string }} Readiness */

/**
 * @param {{ root: string, db: LoadDb, workspaces: SeededWorkspace[], mix: Mix, rate: number, downAtS: number,
 *   upAtS: number, endAtS: number, say: Say }} options
 */
export async function redisUnleashPhase({ root, db, workspaces, mix, rate, downAtS, upAtS, endAtS, say }) {
  const redis = await startRedis();
  const on = workspaces.slice(0, workspaces.length / 2);
  const unleash = await startUnleash([
    {
      name: FLAG,
      enabled: true,
      strategies: [
        {
          name: 'default',
          constraints: [{ contextName: 'tenantId', operator: 'IN', values: on.map((w) => w.workspaceId) }],
        },
      ],
    },
  ]);
  const common = {
    ...baseAppEnv(db),
    RATE_LIMIT_BACKEND: 'redis',
    REDIS_URL: redis.url,
    UNLEASH_URL: unleash.url,
    UNLEASH_API_TOKEN: 'load-unleash-client-token',
    UNLEASH_REFRESH_MS: '1000',
    UNLEASH_BACKUP_PATH: tempDir('tika-load-unleash-'),
  };
  const [open, closed] = await Promise.all([
    startApp(root, 'redis-fail-open', { ...common, RATE_LIMIT_FAIL_MODE: 'open' }),
    startApp(root, 'redis-fail-closed', { ...common, RATE_LIMIT_FAIL_MODE: 'closed' }),
  ]);
  // The seed made WORKSPACES (20) workspaces, each with tickets and tokens.
  const wsOn = /** @type {SeededWorkspace} */ (workspaces[0]);
  const wsOff = /** @type {SeededWorkspace} */ (workspaces[workspaces.length - 1]);
  /**
   * @param {App} app
   * @param {SeededWorkspace} ws
   * @returns {Promise<FlagReading>}
   */
  const flagOf = async (app, ws) => {
    const res = await get(app, '/api/v1/flags', ws.tokens[0]);
    /** @typedef {{ data: { name: string, enabled: boolean, source: string }[] }} FlagList the 200 answer */
    const flag = res.status === 200 ? /** @type {FlagList} */ (res.body).data.find((f) => f.name === FLAG) : null;
    return { status: res.status, enabled: flag?.enabled, source: flag?.source };
  };
  // Both apps must have fetched from Unleash before the load starts (the refresh is 1 s).
  for (const app of [open, closed]) {
    const deadline = performance.now() + 20_000;
    while ((await flagOf(app, wsOn)).source !== 'unleash') {
      if (performance.now() > deadline) throw new Error(`${app.name}: flags never came from Unleash`);
      await sleep(250);
    }
  }

  const started = performance.now();
  const now = () => (performance.now() - started) / 1000;
  /** @type {Record<string, FaultEvent[]>} */
  const events = { [open.name]: [], [closed.name]: [] };
  /** @type {Record<string, Recorder>} */
  const recorders = { [open.name]: createRecorder(), [closed.name]: createRecorder() };
  // Both tables have a key for each of the two apps, the only targets driven.
  const recorderOf = (/** @type {string} */ name) => /** @type {Recorder} */ (recorders[name]);
  const eventsOf = (/** @type {string} */ name) => /** @type {FaultEvent[]} */ (events[name]);
  const record = (/** @type {DriveEvent} */ e) => {
    recorderOf(e.target).record(e);
    const limited = Boolean(e.headers && Object.keys(e.headers).some((h) => h.toLowerCase() === 'ratelimit-limit'));
    const problemType = e.headers
      ? Object.entries(e.headers).find(([h]) => h.toLowerCase() === 'content-type')?.[1]
      : undefined;
    eventsOf(e.target).push({
      at: e.at,
      sentAt: e.ms === null ? e.at : e.at - e.ms / 1000,
      status: e.status,
      outcome: e.outcome,
      limited,
      code: e.parsed?.code,
      requestId: e.parsed?.requestId,
      problemType,
    });
  };
  /** @type {Probe[]} */
  const probes = [];
  /** @type {Readiness[]} */
  const readiness = [];
  const prober = every(1_000, async () => {
    const at = now();
    // Read at each probe, as the workload changes the lists (each seeded workspace has tickets).
    const ticketOn = /** @type {import('./seed.mjs').TicketRef} */ (wsOn.tickets[0]);
    const ticketOff = /** @type {import('./seed.mjs').TicketRef} */ (wsOff.tickets[0]);
    const [fOn, fOff] = await Promise.all([flagOf(open, wsOn), flagOf(open, wsOff)]);
    const [cOn, cOff] = await Promise.all([
      post(open, `/api/v1/tickets/${ticketOn.id}/comments`, wsOn.tokens[0], {
        body: `probe at ${at.toFixed(1)} s`,
      }),
      post(open, `/api/v1/tickets/${ticketOff.id}/comments`, wsOff.tokens[0], {
        body: `probe at ${at.toFixed(1)} s`,
      }),
    ]);
    probes.push({
      at,
      on: { ...fOn, comment: cOn.status },
      off: { ...fOff, comment: cOff.status, code: /** @type {{ code?: unknown } | null} */ (cOff.body)?.code },
    });
    const ready = await get(open, '/api/health/ready');
    /** @typedef {{ checks?: Record<string, { status?: string } | undefined> } | undefined} ReadyBody */
    const checks = /** @type {ReadyBody} */ (ready.body)?.checks;
    readiness.push({
      at,
      status: ready.status,
      database: checks?.database?.status,
      unleash: checks?.unleash?.status,
      rateLimit: checks?.rateLimit?.status,
    });
  });

  const timeline = (async () => {
    await sleep(downAtS * 1000);
    const downAt = now();
    await Promise.all([redis.kill(), unleash.close()]);
    say(`  ${downAt.toFixed(1)} s: redis-server SIGKILLed, Unleash stopped`);
    await sleep(Math.max(0, upAtS - now()) * 1000);
    await redis.restart();
    const upAt = now();
    say(`  ${upAt.toFixed(1)} s: redis-server back on port ${redis.port} (Unleash stays down)`);
    return { downAt, upAt };
  })();
  /** @type {{ downAt: number, upAt: number }} when Redis and Unleash went down and Redis came back */
  let outage;
  try {
    [, , outage] = await Promise.all([
      drive({ target: open, mix, rate: rate / 2, seconds: endAtS, record, started }),
      drive({ target: closed, mix, rate: rate / 2, seconds: endAtS, record, started }),
      timeline,
    ]);
  } finally {
    await prober.stop();
    await Promise.all([open.stop(), closed.stop()]);
  }
  const { downAt, upAt } = outage;
  return judge({ open, closed, events, recorders, probes, readiness, prober, downAt, upAt, endAtS });
}

/**
 * @param {{ open: App, closed: App, events: Record<string, FaultEvent[]>, recorders: Record<string, Recorder>,
 *   probes: Probe[], readiness: Readiness[], prober: { errors: string[] }, downAt: number, upAt: number,
 *   endAtS: number }} phase
 */
function judge({ open, closed, events, recorders, probes, readiness, prober, downAt, upAt, endAtS }) {
  /** @type {string[]} */
  const failures = [];
  const fail = (/** @type {string} */ message) => failures.push(message);
  const grace = 8; // seconds after the restart by which both apps must limit again
  // Windows by what a request can have seen: answered before the kill; sent after the kill (+1 s for the client to
  // notice) and answered before the restart; sent `grace` s after the restart. A starved server answers seconds
  // late, so completion time alone would put requests checked before the kill into the outage.
  /** @typedef {(e: FaultEvent) => boolean} Test */
  /** @type {Test} */
  const before = (e) => e.at < downAt;
  /** @type {Test} */
  const down = (e) => e.sentAt >= downAt + 1 && e.at < upAt;
  /** @type {Test} */
  const recovered = (e) => e.sentAt >= upAt + grace;
  // The assertions are about answers. A request with no answer within the client timeout is capacity (the load
  // phase reports it), not the fail mode: those are counted and printed apart.
  const unanswered = (/** @type {FaultEvent[]} */ list) =>
    list.filter((e) => e.status === 'timeout' || e.status === 'connection');
  /** @type {Test} */
  const answered = (e) => e.status !== 'timeout' && e.status !== 'connection';
  const serverErrors = (/** @type {FaultEvent[]} */ list) => list.filter((e) => Number(e.status) >= 500);

  // Fail open: no 5xx at all, requests keep passing while Redis is gone (without RateLimit headers: nothing counted them).
  // Both apps' lists exist (redisUnleashPhase made them).
  const o = /** @type {FaultEvent[]} */ (events[open.name]);
  const o5 = serverErrors(o);
  if (o5.length) fail(`redis fail-open: ${o5.length} answers ≥ 500 (${JSON.stringify(countBy(o5, 'status'))})`);
  const oDown = o.filter(down).filter(answered);
  if (!oDown.length || oDown.some((e) => e.outcome === 'error'))
    fail(
      `redis fail-open: while Redis was down ${oDown.filter((e) => e.outcome === 'error').length} of ${oDown.length} answers were errors (expected all to pass)`,
    );
  if (oDown.some((e) => e.limited))
    fail('redis fail-open: RateLimit headers while Redis was down — was it down at all?');
  // With Redis up, limiting must work — for most requests, not all: a Redis command slower than its 500 ms
  // timeout is "unavailable" by design and gets the fail mode, and a CPU-starved machine produces such stalls
  // without any outage. So before and after the outage we require ≥ 90%, and print the exact shares.
  const share = (/** @type {FaultEvent[]} */ list, /** @type {Test} */ test) =>
    list.length ? list.filter(test).length / list.length : 0;
  const oBefore = o.filter(before).filter((e) => e.outcome === 'ok');
  const oLimitedBefore = share(oBefore, (e) => e.limited);
  if (oLimitedBefore < 0.9)
    fail(
      `redis fail-open: only ${(oLimitedBefore * 100).toFixed(0)}% of ${oBefore.length} 2xx before the outage were rate-limited (RateLimit headers)`,
    );
  const oAfter = o.filter(recovered).filter((e) => e.outcome === 'ok');
  const oLimitedAfter = share(oAfter, (e) => e.limited);
  if (oLimitedAfter < 0.9)
    fail(
      `redis fail-open: only ${(oLimitedAfter * 100).toFixed(0)}% of ${oAfter.length} 2xx sent ${grace} s after the restart were rate-limited (Redis not reconnected?)`,
    );

  // Fail closed: only 503 SERVICE_UNAVAILABLE problem+json, only around the outage; never another 5xx.
  const c = /** @type {FaultEvent[]} */ (events[closed.name]);
  const c5 = serverErrors(c);
  // problemType is a header value (string or string[]); RegExp.test() always read it as its String().
  const c503 = c5.filter(
    (e) =>
      e.status === 503 &&
      e.code === 'SERVICE_UNAVAILABLE' &&
      /problem\+json/.test(String(e.problemType ?? '')) &&
      e.requestId,
  );
  const cOther = c5.filter((e) => !c503.includes(e));
  if (cOther.length)
    fail(
      `redis fail-closed: ${cOther.length} answers ≥ 500 that are not the fail-closed 503 problem (${JSON.stringify(countBy(cOther, 'status'))})`,
    );
  const cDown = c.filter(down).filter(answered);
  if (!cDown.length || cDown.some((e) => e.status !== 503))
    fail(
      `redis fail-closed: while Redis was down ${cDown.filter((e) => e.status !== 503).length} of ${cDown.length} answers were not 503`,
    );
  const cBefore = c.filter(before).filter(answered);
  const c503Before = share(cBefore, (e) => e.status === 503);
  if (!cBefore.length || c503Before > 0.1)
    fail(
      `redis fail-closed: ${(c503Before * 100).toFixed(0)}% of ${cBefore.length} answers before the outage were 503`,
    );
  const cAfter = c.filter(recovered).filter(answered);
  const c503After = share(cAfter, (e) => e.status === 503);
  if (!cAfter.length || c503After > 0.1)
    fail(
      `redis fail-closed: ${(c503After * 100).toFixed(0)}% of ${cAfter.length} answers sent ${grace} s after Redis came back were still 503`,
    );
  const last503 = c503.length ? Math.max(...c503.map((e) => e.at)) : null;
  const firstLimitedAfter = o.filter((e) => e.at >= upAt && e.limited).map((e) => e.at)[0];

  // Non-5xx errors of the workload (a 4xx that is not a version conflict) are bugs either way.
  for (const [name, list] of /** @type {[string, FaultEvent[]][]} */ ([
    [open.name, o],
    [closed.name, c],
  ])) {
    const other = list.filter((e) => e.outcome === 'error' && !(Number(e.status) >= 500) && answered(e));
    if (other.length)
      fail(`${name}: ${other.length} workload errors below 500 (${JSON.stringify(countBy(other, 'status'))})`);
  }

  // Unleash: last known flags, before and after it stopped.
  if (prober.errors.length) fail(`unleash probes failed: ${prober.errors.slice(0, 3).join('; ')}`);
  const probesAfter = probes.filter((p) => p.at > downAt + 3);
  if (!probesAfter.length) fail('unleash: no probe ran after Unleash stopped');
  for (const p of probes) {
    const okOn = p.on.status === 200 && p.on.enabled === true && p.on.source === 'unleash' && p.on.comment === 201;
    const okOff =
      p.off.status === 200 &&
      p.off.enabled === false &&
      p.off.source === 'unleash' &&
      p.off.comment === 403 &&
      p.off.code === 'FEATURE_DISABLED';
    if (!okOn || !okOff) {
      fail(`unleash: at ${p.at.toFixed(1)} s the flag or its gate changed: ${JSON.stringify(p)}`);
      break;
    }
  }
  if (!readiness.some((r) => r.at > downAt && r.unleash === 'down'))
    fail('unleash: readiness never reported Unleash down — was it stopped?');
  // Redis and Unleash are optional: they may make readiness degraded, never unhealthy (only the database may).
  if (readiness.some((r) => r.status >= 500 && r.database === 'ok'))
    fail('readiness answered ≥ 500 because of Redis/Unleash (they are optional dependencies)');

  const summary = (/** @type {string} */ name) => {
    const s = /** @type {Recorder} */ (recorders[name]).summary(endAtS);
    return {
      requests: s.requests,
      achievedRate: s.achievedRate,
      p50Ms: s.p50Ms,
      p95Ms: s.p95Ms,
      p99Ms: s.p99Ms,
      statuses: s.statuses,
      conflicts: s.conflicts,
    };
  };
  return {
    failures,
    figures: {
      downAtS: round1(downAt),
      upAtS: round1(upAt),
      endAtS,
      failOpen: {
        ...summary(open.name),
        unanswered: unanswered(o).length,
        answersWhileDown: oDown.length,
        passedWhileDown: oDown.filter((e) => e.outcome !== 'error').length,
        serverErrors: o5.length,
        limitingBackAfterS: firstLimitedAfter === undefined ? null : round1(firstLimitedAfter - upAt),
        limitedShareBefore: round3(oLimitedBefore),
        limitedShareAfter: round3(oLimitedAfter),
      },
      failClosed: {
        ...summary(closed.name),
        unanswered: unanswered(c).length,
        answersWhileDown: cDown.length,
        problem503: c503.length,
        otherServerErrors: cOther.length,
        last503AfterRestartS: last503 === null ? null : round1(last503 - upAt),
        share503Before: round3(c503Before),
        share503After: round3(c503After),
      },
      unleash: {
        probes: probes.length,
        probesAfterStop: probesAfter.length,
        flag: FLAG,
        readinessSawUnleashDown: readiness.some((r) => r.unleash === 'down'),
        readinessSawRateLimitDown: readiness.some((r) => r.rateLimit === 'down'),
      },
    },
  };
}

const round3 = (/** @type {number} */ x) => Number(x.toFixed(3));
const round1 = (/** @type {number | null | undefined} */ x) =>
  x === null || x === undefined ? null : Number(x.toFixed(1));
/**
 * @param {FaultEvent[]} list
 * @param {keyof FaultEvent} key
 */
function countBy(list, key) {
  /** @type {Record<string, number>} */
  const out = {};
  // An object key is the value's String(), as it always was.
  for (const item of list) out[String(item[key])] = (out[String(item[key])] ?? 0) + 1;
  return out;
}
