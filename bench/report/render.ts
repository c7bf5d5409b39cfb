// Results → docs/performance.md. Pure: no I/O, no clock; bench/report/run.mjs collects the inputs (the JSON
// files of bench/results/ and the machine facts) and writes the output. Every section says where its figures
// come from and, when a benchmark did not run for this commit, says so instead of showing older figures.
// Runs under Node's type stripping (erasable TypeScript only) and is unit-tested in tests/unit.

export interface Latency {
  n?: number;
  errors?: number;
  p50Ms?: number | null;
  p95Ms?: number | null;
  meanMs?: number | null;
}

export interface CoreRow extends Latency {
  group: string;
  name: string;
  clients: number;
  rate?: number;
  p99Ms?: number;
  serverCpuMsPerOp?: number | null;
  truncated?: boolean;
}

export interface CoreResult {
  startedAt: string;
  elapsedSeconds?: number;
  environment: { commit?: string | null; postgres?: string; loadAvgAtStart?: number[]; loadAvgAtEnd?: number[] };
  setup?: {
    seed?: { tickets: number; seconds: number };
    boardView?: { bytes: number; columns: number; tickets: number };
  };
  table?: CoreRow[];
  sql?: Record<string, CoreRow | undefined>;
  ratios?: Record<string, { value: number; target: string | null; met: boolean | null } | undefined>;
  errors?: string[];
  truncated?: string[];
}

export interface OpsSide {
  requests: number;
  failures: number;
  rps: number;
  p50: number;
  p95: number;
  mean: number;
}

export interface OpsResult {
  tickets: number;
  rounds: number;
  perRound: number;
  concurrency: number;
  summary: { off: OpsSide; on: OpsSide };
  ratio: { throughput: number; p50: number; mean: number };
}

export interface UiSize {
  seedSeconds?: number;
  load: {
    medianFirstContentfulPaintMs?: number;
    medianFirstCardPaintedMs?: number;
    medianDraggableMs?: number;
    medianKeyboardPickUpConfirmedMs?: number;
  };
  scroll?: { tickets?: number; longTasks?: number; maxLongTaskMs?: number; p95FrameMs?: number };
  drag?: { dragAndConfirmMs?: number; longTasks?: number };
  boardRequest?: { p50?: number; p95?: number; n?: number };
}

export interface UiResult {
  date: string;
  database?: string;
  sizes: Record<string, UiSize>;
}

export interface CurvePoint {
  boardTickets: number;
  workspaceTickets: number;
  seedSeconds?: number;
  payloadBytes?: number;
  http: Latency;
  sql: Latency;
  reference: { http: Latency; sql: Latency };
  serverRssMiB?: number | null;
}

export interface CurveResult {
  commit?: string | null;
  scale?: string;
  settings?: {
    requestsPerPoint?: number;
    sqlReadsPerPoint?: number;
    perColumn?: number;
    columns?: number;
    referenceTickets?: number;
  };
  points: CurvePoint[];
  rss?: { idleAfterStartMiB?: number | null; afterLoadMiB?: number | null };
}

export interface ColdStartSide {
  runs: { readyMs: number; signInMs: number; idleRssMiB: number | null }[];
  readyMs: number;
  signInMs: number;
  idleRssMiB: number | null;
}

export interface ColdStartResult {
  pglite: ColdStartSide;
  postgres: ColdStartSide;
}

export interface ImageResult {
  available: boolean;
  reason?: string;
  sizeMB?: number;
  /** The runtime layer: the node binary and the libraries it links (scripts/docker/rootfs.sh). */
  runtimeMB?: number;
  /** Tika's layers: the standalone server, static assets, scripts and migrations. */
  appMB?: number;
  gzippedMB?: number | null;
  /** The image the node binary and its libraries are taken from (the build stages' base). */
  nodeImage?: string;
  buildSeconds?: number;
  /** What is in the image, largest first (path, MB), measured inside it with node. */
  contents?: { path: string; MB: number }[];
}

/** The image before the minimal runtime (commit c94efe7, same stand-in node image), for the before/after row. */
export const IMAGE_BEFORE = {
  commit: 'c94efe7',
  sizeMB: 333,
  parts:
    'Debian slim 74 MB, node image files 201 MB (node 127, headers 61, npm and corepack 13), standalone 56 MB (PGlite 20, next 15, server bundles 15), static 1.5 MB',
};

/** The summary every stress suite writes to bench/results/<suite>.json (figures are free-form). */
export interface SuiteSummary {
  suite?: string;
  finishedAt?: string;
  commit?: string | null;
  scale?: string;
  figures?: Record<string, unknown>;
  ok?: boolean;
}

/** RSS of the core benchmark's server, sampled by the runner from /proc while core ran. */
export interface CoreRss {
  firstMiB: number | null;
  peakMiB: number | null;
  lastMiB: number | null;
  samples: number;
}

export type StepStatus = { status: 'ran' | 'failed' | 'skipped'; seconds?: number; note?: string };

export interface ReportInput {
  generatedAt: string;
  commit: string | null;
  machine: {
    cpus: number;
    cpuModel?: string;
    memoryGiB: number;
    node: string;
    postgres?: string | null;
    loadAvg?: number[];
  };
  totalSeconds?: number;
  command?: string;
  steps: Record<string, StepStatus>;
  core?: CoreResult | null;
  coreRss?: CoreRss | null;
  ops?: OpsResult | null;
  ui?: UiResult | null;
  curve?: CurveResult | null;
  curvePlot?: string | null;
  coldstart?: ColdStartResult | null;
  image?: ImageResult | null;
  suites: Record<string, SuiteSummary | null>;
  dayTwoBaseline?: DayTwoBaseline | null;
}

export const STRESS_SUITES = [
  'load',
  'load-cpu',
  'load-knee',
  'load-soak',
  'faults',
  'fuzz',
  'security',
  'isolation-scale',
] as const;

// Targets stated by the benchmarks themselves (bench/core.mjs, bench/ops.mjs, bench/ui.mjs) and docs/slo.md.
export const TARGETS = {
  httpOverBare: 0.5,
  rlsOverBare: 1.3,
  opsOverhead: 1.15,
  uiInteractiveMs: 1500,
  uiBoardRequestP95Ms: 150,
  apiP95Ms: 300,
  imageMB: 150,
};

/** A number for a table: fixed digits, thousands kept plain; "—" when absent. */
export function num(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toFixed(digits);
}

export function verdict(met: boolean | null | undefined): string {
  if (met === null || met === undefined) return '—';
  return met ? 'met' : '**missed**';
}

function table(header: string[], rows: string[][], align?: string[]): string {
  const cells = (row: string[]) => `| ${row.map((c) => c.replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`;
  const rule = `|${(align ?? header.map((_, i) => (i === 0 ? 'l' : 'r'))).map((a) => (a === 'l' ? '---' : '---:')).join('|')}|`;
  return [cells(header), rule, ...rows.map(cells)].join('\n');
}

/** Same commit when one hash is a prefix of the other (short and long forms). */
export function sameCommit(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  return a.startsWith(b) || b.startsWith(a);
}

const notRun = (what: string, why: string) => `_${what}: not run in this report (${why})._`;

interface TargetRow {
  benchmark: string;
  measure: string;
  target: string;
  value: string;
  met: boolean | null;
}

function coreRatio(core: CoreResult, key: string) {
  return core.ratios?.[key];
}

function targetRows(input: ReportInput): TargetRow[] {
  const rows: TargetRow[] = [];
  const { core, ops, ui, curve, image } = input;
  if (core) {
    for (const c of [1, 8]) {
      const http = coreRatio(core, `httpOverBare@${c}`);
      if (http)
        rows.push({
          benchmark: 'core',
          measure: `board read, HTTP req/s ÷ bare-SQL tx/s, ${c} client${c > 1 ? 's' : ''}`,
          target: `≥ ${TARGETS.httpOverBare}`,
          value: num(http.value, 2),
          met: http.met,
        });
    }
    for (const c of [1, 8]) {
      const rls = coreRatio(core, `rlsOverBare@${c}`);
      if (rls)
        rows.push({
          benchmark: 'RLS overhead',
          measure: `RLS tx ÷ bare tx, mean latency, ${c} client${c > 1 ? 's' : ''}`,
          target: `≤ ${TARGETS.rlsOverBare}`,
          value: num(rls.value, 2),
          met: rls.met,
        });
    }
  }
  if (ops)
    rows.push({
      benchmark: 'ops',
      measure: 'ops layer on ÷ off, mean latency',
      target: `≤ ${TARGETS.opsOverhead}`,
      value: num(ops.ratio.mean, 3),
      met: ops.ratio.mean <= TARGETS.opsOverhead,
    });
  const big = ui?.sizes['10000'];
  if (big) {
    const interactive = big.load.medianDraggableMs;
    rows.push({
      benchmark: 'UI',
      measure: '10,000 tickets: interactive (drag handlers attached), median',
      target: `< ${TARGETS.uiInteractiveMs} ms`,
      value: `${num(interactive, 0)} ms`,
      met: interactive === undefined ? null : interactive < TARGETS.uiInteractiveMs,
    });
    const p95 = big.boardRequest?.p95;
    rows.push({
      benchmark: 'UI',
      measure: '10,000 tickets: board request p95',
      target: `< ${TARGETS.uiBoardRequestP95Ms} ms`,
      value: `${num(p95, 0)} ms`,
      met: p95 === undefined ? null : p95 < TARGETS.uiBoardRequestP95Ms,
    });
  }
  const last = curve?.points[curve.points.length - 1];
  if (last) {
    rows.push({
      benchmark: 'curve',
      measure: `GET board p95, ${last.boardTickets.toLocaleString('en-US')} tickets on the board`,
      target: `< ${TARGETS.apiP95Ms} ms (API SLO)`,
      value: `${num(last.http.p95Ms)} ms`,
      met: last.http.p95Ms == null ? null : last.http.p95Ms < TARGETS.apiP95Ms,
    });
  }
  if (image?.available && image.sizeMB !== undefined) {
    rows.push({
      benchmark: 'image',
      measure: 'Docker image, uncompressed',
      target: `≤ ${TARGETS.imageMB} MB`,
      value: `${image.sizeMB} MB`,
      met: image.sizeMB <= TARGETS.imageMB,
    });
  }
  return rows;
}

function header(input: ReportInput): string {
  const m = input.machine;
  const lines = [
    '# Performance',
    '',
    `Generated by \`npm run bench:report\` (${input.command ?? 'bench/report/run.mjs'}) — do not edit by hand; re-run it.`,
    '',
    table(
      ['', ''],
      [
        ['date', input.generatedAt],
        ['commit', input.commit ?? 'unknown'],
        ['machine', `${m.cpus} cores${m.cpuModel ? ` (${m.cpuModel})` : ''}, ${num(m.memoryGiB, 1)} GiB RAM`],
        ['Node', m.node],
        ['PostgreSQL', m.postgres ?? 'unknown'],
        ['load average at start', m.loadAvg ? m.loadAvg.join(' / ') : '—'],
        ['report run time', input.totalSeconds === undefined ? '—' : `${num(input.totalSeconds / 60, 1)} min`],
      ],
      ['l', 'l'],
    ),
    '',
    'All servers, databases and clients run on this one machine over loopback, so the clients compete with the server',
    'for the same cores: absolute figures are conservative, and on a machine shared with other work they are noisy.',
    'Ratios measured within one run (RLS ÷ bare, ops on ÷ off) interleave their phases and are the steadier figures.',
    'The PostgreSQL servers are throwaway ones (scripts/ci/postgres.sh, `fsync=off`): writes are cheaper than on a durable database.',
    '',
    '## Steps of this run',
    '',
    table(
      ['step', 'status', 'time', 'note'],
      Object.entries(input.steps).map(([name, s]) => [
        name,
        s.status,
        s.seconds === undefined ? '—' : `${num(s.seconds, 0)} s`,
        s.note ?? '',
      ]),
      ['l', 'l', 'r', 'l'],
    ),
  ];
  return lines.join('\n');
}

function targetsSection(input: ReportInput): string {
  const rows = targetRows(input);
  if (!rows.length) return '## Targets\n\n_No benchmark with a target ran in this report._';
  return [
    '## Targets',
    '',
    table(
      ['benchmark', 'measure', 'target', 'this run', 'verdict'],
      rows.map((r) => [r.benchmark, r.measure, r.target, r.value, verdict(r.met)]),
      ['l', 'l', 'l', 'r', 'l'],
    ),
  ].join('\n');
}

function coreSection(core: CoreResult | null | undefined, rss: CoreRss | null | undefined): string {
  const out = ['## Core benchmark (`npm run bench`)', ''];
  if (!core) return [...out, notRun('The core benchmark', 'no bench/results/core-*.json for this commit')].join('\n');
  const seed = core.setup?.seed;
  const view = core.setup?.boardView;
  out.push(
    `bench/core.mjs: the production server on PostgreSQL (${core.environment.postgres ?? '?'}), one board of ${seed?.tickets ?? '?'} tickets` +
      `${view ? ` (the board view ships ${view.tickets} cards in ${view.columns} columns, ${view.bytes} bytes)` : ''}, closed-loop clients at 1 and 8` +
      ` concurrent; the same board read's SQL straight through the pg driver as the baseline. Run started ${core.startedAt}, took ${num(core.elapsedSeconds, 0)} s;` +
      ` load average ${core.environment.loadAvgAtStart?.join(' ') ?? '?'} → ${core.environment.loadAvgAtEnd?.join(' ') ?? '?'}.`,
    '',
  );
  if (core.table?.length) {
    out.push(
      table(
        ['phase', 'clients', 'n', 'non-2xx', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'server CPU ms/req'],
        core.table.map((r) => [
          r.name,
          String(r.clients),
          `${r.n ?? '—'}${r.truncated ? '*' : ''}`,
          String(r.errors ?? 0),
          num(r.rate, 1),
          num(r.p50Ms, 2),
          num(r.p95Ms, 2),
          num(r.p99Ms, 2),
          num(r.serverCpuMsPerOp, 2),
        ]),
      ),
      '',
    );
  }
  if (core.truncated?.length)
    out.push(`\\* stopped at its time cap (machine too busy for the planned count): ${core.truncated.join('; ')}`, '');
  out.push(
    core.errors?.length
      ? `**Non-2xx answers during measured phases:** ${core.errors.join('; ')}`
      : 'No non-2xx answer in any measured phase.',
    '',
  );
  const ratios = Object.entries(core.ratios ?? {}).filter(
    (e): e is [string, { value: number; target: string | null; met: boolean | null }] => e[1] !== undefined,
  );
  if (ratios.length) {
    out.push(
      table(
        ['ratio', 'value', 'target', 'verdict'],
        ratios.map(([key, r]) => [key, num(r.value, 2), r.target ?? '(info)', verdict(r.met)]),
        ['l', 'r', 'l', 'l'],
      ),
      '',
    );
  }
  if (rss) {
    out.push(
      `Server RSS during this benchmark (sampled every 0.5 s): ${num(rss.firstMiB)} MiB at the first sample, peak ${num(rss.peakMiB)} MiB, ${num(rss.lastMiB)} MiB at the end of the load.`,
    );
  }
  return out.join('\n').trimEnd();
}

function rlsSection(core: CoreResult | null | undefined): string {
  const out = ['## RLS overhead (from the core benchmark)', ''];
  if (!core?.sql) return [...out, notRun('The core benchmark', 'no results for this commit')].join('\n');
  out.push(
    'The board read\'s four statements in one transaction: as a superuser with the tenant predicate written out ("bare"),',
    'and as the runtime role with row-level security (`set_config` of role and tenant, then the policies add the predicate).',
    'Blocks of the two alternate, so machine noise hits both alike.',
    '',
  );
  const rows: string[][] = [];
  for (const c of [1, 8]) {
    const bare = core.sql[`bare@${c}`];
    const rls = core.sql[`rls@${c}`];
    const ratio = core.ratios?.[`rlsOverBare@${c}`];
    if (!bare || !rls) continue;
    rows.push([
      String(c),
      num(bare.meanMs, 3),
      num(rls.meanMs, 3),
      num(bare.p95Ms, 3),
      num(rls.p95Ms, 3),
      num(ratio?.value, 2),
      `≤ ${TARGETS.rlsOverBare}`,
      verdict(ratio?.met),
    ]);
  }
  out.push(
    table(
      ['clients', 'bare mean ms', 'RLS mean ms', 'bare p95 ms', 'RLS p95 ms', 'RLS ÷ bare', 'target', 'verdict'],
      rows,
    ),
  );
  return out.join('\n');
}

function opsSection(ops: OpsResult | null | undefined): string {
  const out = ['## Ops overhead (`npm run bench:ops`)', ''];
  if (!ops) return [...out, notRun('The ops benchmark', 'skipped or failed')].join('\n');
  out.push(
    `bench/ops.mjs: two production servers on one PostgreSQL and one board of ${ops.tickets} tickets — "off" (no rate limiting, metrics, Sentry,`,
    'tracing or Unleash; warn logs) and "on" (Redis rate limiting, metrics, Sentry DSN and OTLP traces to local sinks, a local Unleash, info logs',
    `for every request) — read in ${ops.rounds} interleaved rounds of ${ops.perRound} requests at concurrency ${ops.concurrency}.`,
    '',
    table(
      ['ops layer', 'requests', 'failures', 'req/s', 'p50 ms', 'p95 ms', 'mean ms'],
      (['off', 'on'] as const).map((k) => {
        const s = ops.summary[k];
        return [k, String(s.requests), String(s.failures), num(s.rps, 1), num(s.p50, 2), num(s.p95, 2), num(s.mean, 2)];
      }),
    ),
    '',
    `Overhead (on ÷ off): mean latency ×${num(ops.ratio.mean, 3)}, p50 ×${num(ops.ratio.p50, 3)}, throughput cost ×${num(ops.ratio.throughput, 3)} — target ≤ ${TARGETS.opsOverhead} on the mean: ${verdict(ops.ratio.mean <= TARGETS.opsOverhead)}.`,
  );
  return out.join('\n');
}

function uiSection(ui: UiResult | null | undefined): string {
  const out = ['## UI benchmark (`npm run bench:ui`)', ''];
  if (!ui) return [...out, notRun('The UI benchmark', 'no bench/results/ui-*.json for this commit')].join('\n');
  out.push(
    `bench/ui.mjs: the board screen in headless Chromium against the production build (${ui.database ?? 'database ?'}), medians of the page loads; run ${ui.date}.`,
    '',
    table(
      [
        'tickets',
        'FCP ms',
        'first card painted ms',
        'interactive (drag handlers) ms',
        'keyboard pick-up confirmed ms',
        'scroll long tasks (max ms)',
        'drag + confirm ms',
        'board GET p50 / p95 ms',
      ],
      Object.entries(ui.sizes).map(([size, r]) => [
        Number(size).toLocaleString('en-US'),
        num(r.load.medianFirstContentfulPaintMs, 0),
        num(r.load.medianFirstCardPaintedMs, 0),
        num(r.load.medianDraggableMs, 0),
        num(r.load.medianKeyboardPickUpConfirmedMs, 0),
        `${r.scroll?.longTasks ?? '—'} (${num(r.scroll?.maxLongTaskMs, 0)})`,
        num(r.drag?.dragAndConfirmMs, 0),
        `${num(r.boardRequest?.p50, 0)} / ${num(r.boardRequest?.p95, 0)}`,
      ]),
    ),
  );
  const big = ui.sizes['10000'];
  if (big) {
    const interactive = big.load.medianDraggableMs;
    const p95 = big.boardRequest?.p95;
    out.push(
      '',
      `Targets for 10,000 tickets: interactive < ${TARGETS.uiInteractiveMs} ms → ${verdict(interactive === undefined ? null : interactive < TARGETS.uiInteractiveMs)} (${num(interactive, 0)} ms); ` +
        `board request p95 < ${TARGETS.uiBoardRequestP95Ms} ms → ${verdict(p95 === undefined ? null : p95 < TARGETS.uiBoardRequestP95Ms)} (${num(p95, 0)} ms).`,
    );
  }
  return out.join('\n');
}

function coldStartSection(cold: ColdStartResult | null | undefined): string {
  const out = ['## Cold start', ''];
  if (!cold) return [...out, notRun('The cold-start measurement', 'skipped or failed')].join('\n');
  const row = (name: string, s: ColdStartSide) => [
    name,
    String(s.runs.length),
    num(s.readyMs, 0),
    num(s.signInMs, 0),
    s.runs.map((r) => `${r.readyMs} / ${r.signInMs}`).join(', '),
  ];
  out.push(
    'From spawning `node .next/standalone/server.js` to the first 200 of `GET /api/health/ready` and to the first rendered sign-in page',
    '(`GET /sign-in` → 200 with the page; its form is a client component), polled every 25 ms. PGlite starts from an empty data',
    'directory every run, so its figure includes creating and migrating the embedded database; PostgreSQL is already migrated.',
    'No target is set for these; medians of the runs.',
    '',
    table(
      ['database', 'runs', 'ready ms', 'sign-in page ms', 'each run (ready / sign-in ms)'],
      [row('PGlite (fresh data dir)', cold.pglite), row('PostgreSQL (migrated)', cold.postgres)],
      ['l', 'r', 'r', 'r', 'l'],
    ),
  );
  return out.join('\n');
}

/** Figures of the load suite that look like RSS (free-form keys), for the RSS section. */
const memoryKey = (key: string) => /rss|memory|heap/i.test(key);

/** Figures of the load suite that look like RSS (free-form keys), and any series with an RSS column. */
function loadRss(load: SuiteSummary | null | undefined): {
  rows: [string, unknown][];
  series: [string, Record<string, unknown>[]][];
} {
  const flat = flattenFigures(load?.figures ?? {});
  const rows = flat.filter(([key, v]) => memoryKey(key) && !isTableLike(v));
  const series = flat.filter(
    (e): e is [string, Record<string, unknown>[]] =>
      Array.isArray(e[1]) && isTableLike(e[1]) && e[1].some((r) => Object.keys(r).some(memoryKey)),
  );
  return { rows, series };
}

function rssSection(input: ReportInput, loadCurrent: boolean): string {
  const out = ['## Memory (RSS of the server process)', ''];
  const rows: string[][] = [];
  const cold = input.coldstart;
  if (cold) {
    rows.push([
      'idle, 3 s after a cold start on PostgreSQL (median)',
      `${num(cold.postgres.idleRssMiB)} MiB`,
      'cold start',
    ]);
    rows.push([
      'idle, 3 s after a cold start on PGlite (median; the embedded database lives in the same process)',
      `${num(cold.pglite.idleRssMiB)} MiB`,
      'cold start',
    ]);
  }
  if (input.coreRss) {
    rows.push(['core benchmark: first sample after start', `${num(input.coreRss.firstMiB)} MiB`, 'core']);
    rows.push(['core benchmark: peak under load', `${num(input.coreRss.peakMiB)} MiB`, 'core']);
    rows.push(['core benchmark: after its load', `${num(input.coreRss.lastMiB)} MiB`, 'core']);
  }
  if (input.curve?.rss) {
    rows.push(['curve: idle after start, PostgreSQL', `${num(input.curve.rss.idleAfterStartMiB)} MiB`, 'curve']);
    const last = input.curve.points[input.curve.points.length - 1];
    rows.push([
      `curve: after reading boards of up to ${last ? last.boardTickets.toLocaleString('en-US') : '?'} tickets`,
      `${num(input.curve.rss.afterLoadMiB)} MiB`,
      'curve',
    ]);
  }
  out.push(
    rows.length ? table(['when', 'RSS', 'source'], rows, ['l', 'r', 'l']) : '_No RSS measured in this report._',
    '',
  );
  const load = loadRss(input.suites.load);
  if (!loadCurrent || !input.suites.load)
    out.push('RSS over time under sustained load: the load suite was not run in this report.');
  else if (!load.rows.length && !load.series.length)
    out.push('RSS over time under sustained load: the load suite ran but its summary has no RSS figure.');
  else {
    out.push('RSS under sustained load (from bench/results/load.json; flat over time = no leak):');
    if (load.rows.length)
      out.push(
        '',
        table(
          ['figure', 'value'],
          load.rows.map(([k, v]) => [k, formatValue(v)]),
          ['l', 'l'],
        ),
      );
    for (const [key, series] of load.series) out.push('', `**${key}** (over time)`, '', figureTable(series, memoryKey));
  }
  return out.join('\n').trimEnd();
}

function imageSection(image: ImageResult | null | undefined): string {
  const out = ['## Docker image size', ''];
  if (!image) return [...out, notRun('The image measurement', 'skipped')].join('\n');
  if (!image.available)
    return [
      ...out,
      `Not measured: ${image.reason ?? 'no Docker engine'}. No figure is given rather than a guess.`,
    ].join('\n');
  out.push(
    `The image the self-host suite builds (this tree's Dockerfile; node and its libraries from \`${image.nodeImage}\`, laid over an empty runtime; built in ${num(image.buildSeconds, 0)} s), by \`docker image inspect\`:`,
    '',
    table(
      ['measure', 'size'],
      [
        ['image, uncompressed', `${image.sizeMB} MB`],
        ['of which the runtime (node and the libraries it links)', `${image.runtimeMB} MB`],
        ["of which Tika's layers (standalone server, static assets, scripts, migrations)", `${image.appMB} MB`],
        ['`docker save | gzip -1`', image.gzippedMB == null ? '—' : `${image.gzippedMB} MB`],
        [`before the minimal runtime (commit ${IMAGE_BEFORE.commit})`, `${IMAGE_BEFORE.sizeMB} MB`],
      ],
      ['l', 'r'],
    ),
    '',
    `Before: ${IMAGE_BEFORE.parts}. After: no shell, no package manager, no npm or headers; node stripped of its symbol table; sharp, PGlite (the image runs against PostgreSQL) and next/font's metrics trimmed from the standalone output.`,
  );
  if (image.contents?.length)
    out.push(
      '',
      'What is in it, largest first (measured inside the image with node):',
      '',
      table(
        ['path', 'MB'],
        image.contents.map((c) => [`\`${c.path}\``, c.MB.toFixed(1)]),
        ['l', 'r'],
      ),
    );
  out.push('', `Target ≤ ${TARGETS.imageMB} MB: ${verdict((image.sizeMB ?? Infinity) <= TARGETS.imageMB)}.`);
  return out.join('\n');
}

function curveSection(curve: CurveResult | null | undefined, plot: string | null | undefined): string {
  const out = ['## Board read latency from 1,000 to 50,000 tickets (`npm run bench:curve`)', ''];
  if (!curve?.points.length) return [...out, notRun('The curve', 'skipped or failed')].join('\n');
  const s = curve.settings ?? {};
  out.push(
    'bench/curve.mjs: one workspace on PostgreSQL behind the production server. Its "large" board (5 columns) grows step by step —',
    'tickets bulk-inserted through the tenant policies with their audit rows, then ANALYZE — and at each step `GET /api/v1/boards/{id}`',
    `is read ${s.requestsPerPoint ?? '?'} times by one client (after a warm-up), and the same read's four SQL statements under RLS`,
    `${s.sqlReadsPerPoint ?? '?'} times straight through the pg driver. The measure that matters is tickets **on the board being read**: the read counts`,
    "the tickets of each column and fetches the first page of each, so only that board's tickets can make it grow. A second board of",
    `${(s.referenceTickets ?? 1000).toLocaleString('en-US')} tickets in the same workspace is read at every step too: every statement is an index range scoped`,
    'by board or column, never by workspace, so its line should stay flat; if it climbed with the workspace, an index would be missing.',
    '',
    table(
      [
        'tickets on the board',
        'in the workspace',
        'GET board p50 ms',
        'GET board p95 ms',
        'SQL p50 ms',
        'SQL p95 ms',
        `${(s.referenceTickets ?? 1000).toLocaleString('en-US')}-ticket board GET p50 / p95 ms`,
        'payload bytes',
        `p95 < ${TARGETS.apiP95Ms} ms`,
      ],
      curve.points.map((p) => [
        p.boardTickets.toLocaleString('en-US'),
        p.workspaceTickets.toLocaleString('en-US'),
        num(p.http.p50Ms),
        num(p.http.p95Ms),
        num(p.sql.p50Ms),
        num(p.sql.p95Ms),
        `${num(p.reference.http.p50Ms)} / ${num(p.reference.http.p95Ms)}`,
        p.payloadBytes === undefined ? '—' : String(p.payloadBytes),
        verdict(p.http.p95Ms == null ? null : p.http.p95Ms < TARGETS.apiP95Ms),
      ]),
    ),
  );
  const first = curve.points[0];
  const last = curve.points[curve.points.length - 1];
  if (first && last && first !== last && first.http.p50Ms && last.http.p50Ms) {
    out.push(
      '',
      `From ${first.boardTickets.toLocaleString('en-US')} to ${last.boardTickets.toLocaleString('en-US')} tickets (×${num(last.boardTickets / first.boardTickets, 0)}), the board read's p50 grew ×${num(last.http.p50Ms / first.http.p50Ms, 2)}` +
        ` and its SQL p50 ×${num((last.sql.p50Ms ?? NaN) / (first.sql.p50Ms ?? NaN), 2)}; the ${(s.referenceTickets ?? 1000).toLocaleString('en-US')}-ticket board's GET p50 changed ×${num((last.reference.http.p50Ms ?? NaN) / (first.reference.http.p50Ms ?? NaN), 2)}` +
        ` while the workspace grew to ${last.workspaceTickets.toLocaleString('en-US')} tickets. The payload stays bounded by the page size (${s.perColumn ?? 50} cards per column). The API SLO (docs/slo.md) is p95 < ${TARGETS.apiP95Ms} ms.`,
    );
  }
  if (plot) out.push('', `![Board read latency by tickets on the board](${plot})`);
  return out.join('\n');
}

/** A free-form figure as table text: numbers rounded, arrays and objects compact and bounded. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(3)));
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const shown = value
      .slice(0, 24)
      .map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : formatValue(v)));
    return `${shown.join(', ')}${value.length > 24 ? `, … (${value.length} values)` : ''}`;
  }
  const text = JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 297)}…` : text;
}

/** Nested figure objects flattened one level (`a.b`), so each figure gets its own row. */
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  Boolean(v) && typeof v === 'object' && !Array.isArray(v);

/** A series (array of records) or a breakdown (record of records): rendered as its own table, not a cell. */
export function isTableLike(
  value: unknown,
): value is Record<string, unknown>[] | Record<string, Record<string, unknown>> {
  if (Array.isArray(value)) return value.length >= 2 && value.every(isPlainObject);
  return isPlainObject(value) && Object.keys(value).length >= 2 && Object.values(value).every(isPlainObject);
}

/** Nested figure objects flattened one level (`a.b`), so each figure gets its own row; tables stay whole. */
export function flattenFigures(figures: Record<string, unknown>): [string, unknown][] {
  const rows: [string, unknown][] = [];
  for (const [key, value] of Object.entries(figures)) {
    if (isPlainObject(value) && !isTableLike(value) && Object.keys(value).length <= 12) {
      for (const [inner, v] of Object.entries(value)) rows.push([`${key}.${inner}`, v]);
    } else rows.push([key, value]);
  }
  return rows;
}

/** At most `max` evenly spaced items, the first and the last included. */
export function downsample<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  return Array.from({ length: max }, (_, i) => items[Math.round((i * (items.length - 1)) / (max - 1))] as T);
}

const MAX_SERIES_ROWS = 15;

/** A series or breakdown as a markdown table; `keep` picks the columns (default: all keys seen). */
export function figureTable(
  value: Record<string, unknown>[] | Record<string, Record<string, unknown>>,
  keep?: (key: string) => boolean,
): string {
  const named = Array.isArray(value) ? null : Object.keys(value);
  const records = Array.isArray(value) ? downsample(value, MAX_SERIES_ROWS) : Object.values(value);
  const keys = [...new Set(records.flatMap((r) => Object.keys(r)))].filter((k, i) => i === 0 || !keep || keep(k));
  const head = named ? ['', ...keys] : keys;
  const rows = records.map((r, i) => [...(named ? [named[i] ?? ''] : []), ...keys.map((k) => formatValue(r[k]))]);
  const note =
    Array.isArray(value) && value.length > MAX_SERIES_ROWS
      ? `\n\n(${MAX_SERIES_ROWS} of ${value.length} rows, evenly spaced)`
      : '';
  return `${table(head, rows)}${note}`;
}

export function suiteIsCurrent(summary: SuiteSummary | null | undefined, commit: string | null): boolean {
  return Boolean(summary && sameCommit(summary.commit, commit));
}

function suiteSection(name: string, summary: SuiteSummary | null | undefined, commit: string | null): string {
  const out = [`### ${name}`, ''];
  if (!summary) return [...out, notRun(`The ${name} suite`, `no bench/results/${name}.json`)].join('\n');
  if (!suiteIsCurrent(summary, commit)) {
    return [
      ...out,
      notRun(
        `The ${name} suite`,
        `bench/results/${name}.json is from commit ${summary.commit ?? 'unknown'}, not ${commit ?? 'unknown'}`,
      ),
    ].join('\n');
  }
  out.push(
    `Scale: **${summary.scale ?? '?'}**; commit ${summary.commit}; finished ${summary.finishedAt ?? '?'}; result: ${summary.ok === undefined ? '?' : summary.ok ? '**passed**' : '**FAILED**'}.`,
    '',
  );
  const rows = flattenFigures(summary.figures ?? {});
  const scalars = rows.filter(([, v]) => !isTableLike(v));
  out.push(
    scalars.length || rows.length
      ? table(
          ['figure', 'value'],
          scalars.map(([k, v]) => [k, formatValue(v)]),
          ['l', 'l'],
        )
      : '_The summary has no figures._',
  );
  for (const [key, value] of rows) if (isTableLike(value)) out.push('', `**${key}**`, '', figureTable(value));
  return out.join('\n');
}

function stressSection(input: ReportInput): string {
  const names = [
    ...STRESS_SUITES,
    ...Object.keys(input.suites)
      .filter((n) => !(STRESS_SUITES as readonly string[]).includes(n))
      .sort(),
  ];
  return [
    '## Stress suites',
    '',
    'Each suite writes `bench/results/<suite>.json`; a suite counts here only when its file is from this commit. Their own commands and',
    'scales (short for CI, full on demand) are documented at the top of each suite.',
    '',
    names.map((n) => suiteSection(n, input.suites[n], input.commit)).join('\n\n'),
  ].join('\n');
}

/** Issue 14's figures before its changes (bench/baselines/day-two-before.json), beside this run's. */
export interface DayTwoBaseline {
  source: string;
  generator: string;
  load: {
    rate: number;
    achievedRate: number;
    p95Ms: number;
    errors: number;
    appCpuMsPerRequest: number;
    postgresCpuMsPerRequest: number;
    poolPeakWaiting: number;
  };
  rss: { startMb: number; endMb: number; maxMb: number; secondHalfSlopeMbPerMin: number; chartLimitMi: number };
}

const figure = (summary: SuiteSummary | null | undefined, pathText: string): unknown =>
  pathText
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], summary?.figures);
const n = (value: unknown, digits = 1) => num(typeof value === 'number' ? value : null, digits);

function dayTwoSection(input: ReportInput): string {
  const before = input.dayTwoBaseline;
  const { load, 'load-cpu': cpu, 'load-knee': knee, 'load-soak': soak } = input.suites;
  const current = (s: SuiteSummary | null | undefined) => (suiteIsCurrent(s, input.commit) ? s : null);
  const out = [
    '## Day two: load, knee, memory and CPU per request, before and after (issue 14)',
    '',
    before
      ? `Before: ${before.source}; generator ${before.generator}. After: this run's load suite (open-loop, constant arrival rate, bench/lib/open-loop.mjs; latency from each request's due time), so "after" is the stricter measurement.`
      : 'No baseline file (bench/baselines/day-two-before.json).',
    '',
  ];
  const l = current(load);
  out.push(
    table(
      ['measure', 'before', 'after', 'target'],
      [
        [
          'offered load',
          before ? `${before.load.rate} req/s (closed-loop)` : '—',
          l ? `${n(figure(l, 'rate'), 0)} req/s open-loop, ${n(figure(l, 'seconds'), 0)} s` : 'not run',
          '200 req/s, 5 min',
        ],
        ['achieved rate', before ? n(before.load.achievedRate) : '—', n(figure(l, 'overall.achievedRate')), ''],
        ['p95 ms', before ? n(before.load.p95Ms) : '—', n(figure(l, 'overall.p95Ms')), '< 300'],
        ['p99 ms', '—', n(figure(l, 'overall.p99Ms')), '< 1000'],
        ['errors', before ? n(before.load.errors, 0) : '—', n(figure(l, 'overall.errors'), 0), '0'],
        [
          'clients waiting for a connection (peak)',
          before ? n(before.load.poolPeakWaiting, 0) : '—',
          n(figure(l, 'pool.peakWaiting'), 0),
          '',
        ],
        [
          'app CPU ms per request (mix)',
          before ? n(before.load.appCpuMsPerRequest, 2) : '—',
          n(figure(l, 'cpu.appMsPerRequest'), 2),
          '',
        ],
        [
          'PostgreSQL CPU ms per request (mix)',
          before ? n(before.load.postgresCpuMsPerRequest, 2) : '—',
          n(figure(l, 'cpu.postgresMsPerRequest'), 2),
          '',
        ],
        [
          'RSS start → end MB (load)',
          before ? `${n(before.rss.startMb)} → ${n(before.rss.endMb)}` : '—',
          `${n(figure(l, 'rss.startMb'))} → ${n(figure(l, 'rss.endMb'))}`,
          '',
        ],
        [
          'RSS slope, second half MB/min (load)',
          before ? n(before.rss.secondHalfSlopeMbPerMin, 2) : '—',
          n(figure(l, 'rss.secondHalfSlopeMbPerMin'), 2),
          '< 1 (soak)',
        ],
      ],
    ),
  );
  const c = current(cpu);
  const perKind = (figure(c, 'perKind') ?? {}) as Record<string, Record<string, number>>;
  out.push(
    '',
    '**CPU ms per request, each operation alone** (`npm run load -- --only=cpu`; not measured before issue 14)',
    '',
  );
  out.push(
    Object.keys(perKind).length
      ? table(
          ['operation', 'app CPU ms/req', 'PostgreSQL CPU ms/req', 'p50 ms', 'p95 ms', 'errors'],
          Object.entries(perKind).map(([kind, k]) => [
            kind,
            n(k.appCpuMsPerRequest, 2),
            n(k.postgresCpuMsPerRequest, 2),
            n(k.p50Ms),
            n(k.p95Ms),
            n(k.errors, 0),
          ]),
        )
      : notRun('CPU per operation', 'no current bench/results/load-cpu.json'),
  );
  const k = current(knee);
  const steps = (figure(k, 'steps') ?? []) as Record<string, number>[];
  out.push(
    '',
    '**The knee** (`npm run load -- --only=knee`: the mix at rising rates; not measured before issue 14)',
    '',
  );
  out.push(
    steps.length
      ? `${table(
          ['rate req/s', 'achieved', 'p50 ms', 'p95 ms', 'p99 ms', 'errors'],
          steps.map((st) => [
            n(st.rate, 0),
            n(st.achievedRate),
            n(st.p50Ms),
            n(st.p95Ms),
            n(st.p99Ms),
            n(st.errors, 0),
          ]),
        )}\n\nKnee (p95 ≥ 300 ms or errors): ${n(figure(k, 'kneeRate'), 0)} req/s; highest rate within the SLO: ${n(figure(k, 'highestRateWithinSlo'), 0)} req/s.`
      : notRun('Knee', 'no current bench/results/load-knee.json'),
  );
  const so = current(soak);
  out.push('', '**Flat memory** (`npm run load -- --only=soak`: the mix at 100 req/s)', '');
  out.push(
    so
      ? table(
          ['measure', 'before', 'after', 'target'],
          [
            ['soak length', '—', `${n(figure(so, 'minutes'), 0)} min`, '15 min'],
            [
              'RSS slope over the last window MB/min',
              before ? `${n(before.rss.secondHalfSlopeMbPerMin, 2)} (load, 2nd half)` : '—',
              `${n(figure(so, 'rss.tailSlopeMbPerMin'), 2)} (last ${n(figure(so, 'rss.slopeWindowMin'))} min)`,
              '< 1',
            ],
            [
              'RSS peak MB',
              before ? n(before.rss.maxMb) : '—',
              n(figure(so, 'rss.maxMb')),
              before ? `under the chart limit (${before.rss.chartLimitMi} Mi before)` : '',
            ],
            ['p95 / p99 ms', '—', `${n(figure(so, 'p95Ms'))} / ${n(figure(so, 'p99Ms'))}`, ''],
            ['errors', '—', n(figure(so, 'errors'), 0), '0'],
          ],
        )
      : notRun('Soak', 'no current bench/results/load-soak.json'),
  );
  return out.join('\n');
}

export function renderReport(input: ReportInput): string {
  const sections = [
    header(input),
    targetsSection(input),
    coreSection(input.core, input.coreRss),
    rlsSection(input.core),
    opsSection(input.ops),
    uiSection(input.ui),
    curveSection(input.curve, input.curvePlot),
    coldStartSection(input.coldstart),
    rssSection(input, suiteIsCurrent(input.suites.load, input.commit)),
    dayTwoSection(input),
    imageSection(input.image),
    stressSection(input),
  ];
  return `${sections.join('\n\n')}\n`;
}
