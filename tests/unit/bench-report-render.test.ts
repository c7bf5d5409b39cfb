import { describe, expect, it } from 'vitest';
import {
  downsample,
  flattenFigures,
  formatValue,
  renderReport,
  sameCommit,
  type ReportInput,
} from '../../bench/report/render.ts';

const base: ReportInput = {
  generatedAt: '2026-11-22T08:00:00.000Z',
  commit: 'abc1234',
  machine: {
    cpus: 2,
    cpuModel: 'Test CPU',
    memoryGiB: 24,
    node: 'v24.21.0',
    postgres: 'PostgreSQL 15.10',
    loadAvg: [1, 2, 3],
  },
  totalSeconds: 600,
  steps: { core: { status: 'ran', seconds: 200 }, ui: { status: 'skipped', note: 'not run' } },
  suites: {},
};

const section = (markdown: string, title: string) => {
  const start = markdown.indexOf(`## ${title}`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = markdown.indexOf('\n## ', start + 3);
  return markdown.slice(start, end === -1 ? undefined : end);
};

describe('bench report renderer', () => {
  it('states the date, commit and machine, and the run time in minutes', () => {
    const md = renderReport(base);
    expect(md).toContain('| commit | abc1234 |');
    expect(md).toContain('| machine | 2 cores (Test CPU), 24.0 GiB RAM |');
    expect(md).toContain('| PostgreSQL | PostgreSQL 15.10 |');
    expect(md).toContain('| report run time | 10.0 min |');
    expect(md).toContain('| ui | skipped | — | not run |');
  });

  it('says a benchmark or suite was not run instead of showing figures it does not have', () => {
    const md = renderReport({
      ...base,
      suites: {
        load: null,
        fuzz: { suite: 'fuzz', commit: 'fff0000', scale: 'full', ok: true, figures: { requests: 10000 } },
      },
    });
    expect(section(md, 'Core benchmark')).toContain('not run in this report');
    expect(section(md, 'Docker image size')).toContain('not run in this report');
    expect(md).toMatch(/### load\n\n_The load suite: not run in this report \(no bench\/results\/load\.json\)/);
    // A summary from another commit is not this report's figure.
    expect(md).toMatch(
      /### fuzz\n\n_The fuzz suite: not run in this report \(bench\/results\/fuzz\.json is from commit fff0000, not abc1234\)/,
    );
    expect(md).not.toContain('10000');
  });

  it('renders a current suite generically: scale, commit, result and one row per figure', () => {
    const md = renderReport({
      ...base,
      suites: {
        load: {
          suite: 'load',
          commit: 'abc1234def',
          scale: 'short',
          finishedAt: 'T',
          ok: false,
          figures: { p95Ms: 123.4567, errors: 0, rssMiB: [120, 130, 125], pool: { waiting: 2, max: 10 } },
        },
      },
    });
    const load = md.slice(md.indexOf('### load'));
    expect(load).toContain('Scale: **short**; commit abc1234def; finished T; result: **FAILED**.');
    expect(load).toContain('| p95Ms | 123.457 |');
    expect(load).toContain('| pool.waiting | 2 |');
    expect(load).toContain('| rssMiB | 120, 130, 125 |');
    // Its RSS figures also feed the memory section.
    expect(section(md, 'Memory')).toContain('| rssMiB | 120, 130, 125 |');
  });

  it('gives each target its verdict: met, or missed in bold', () => {
    const md = renderReport({
      ...base,
      core: {
        startedAt: 'S',
        environment: { commit: 'abc1234' },
        sql: {
          'bare@1': { group: 'sql', name: 'bare', clients: 1, meanMs: 1, p95Ms: 2 },
          'rls@1': { group: 'sql', name: 'rls', clients: 1, meanMs: 1.5, p95Ms: 3 },
        },
        ratios: {
          'rlsOverBare@1': { value: 1.5, target: '<= 1.3', met: false },
          'httpOverBare@1': { value: 0.7, target: '>= 0.5', met: true },
        },
      },
      ops: {
        tickets: 200,
        rounds: 8,
        perRound: 150,
        concurrency: 4,
        summary: {
          off: { requests: 1, failures: 0, rps: 1, p50: 1, p95: 1, mean: 1 },
          on: { requests: 1, failures: 0, rps: 1, p50: 1, p95: 1, mean: 1.1 },
        },
        ratio: { throughput: 1.1, p50: 1, mean: 1.1 },
      },
      image: {
        available: true,
        sizeMB: 280,
        runtimeMB: 230,
        appMB: 50,
        gzippedMB: 90,
        nodeImage: 'tika-ci/node:24',
        buildSeconds: 200,
        contents: [{ path: '/usr/local/bin/node', MB: 108.7 }],
      },
    });
    const targets = section(md, 'Targets');
    expect(targets).toContain(
      '| RLS overhead | RLS tx ÷ bare tx, mean latency, 1 client | ≤ 1.3 | 1.50 | **missed** |',
    );
    expect(targets).toContain('| core | board read, HTTP req/s ÷ bare-SQL tx/s, 1 client | ≥ 0.5 | 0.70 | met |');
    expect(targets).toContain('| ops | ops layer on ÷ off, mean latency | ≤ 1.15 | 1.100 | met |');
    expect(targets).toContain('| image | Docker image, uncompressed | ≤ 150 MB | 280 MB | **missed** |');
    const image = section(md, 'Docker image size');
    expect(image).toMatch(/before the minimal runtime \(commit c94efe7\) \| +333 MB/);
    expect(image).toMatch(/`\/usr\/local\/bin\/node` \| +108\.7/);
    expect(section(md, 'RLS overhead')).toContain('| 1 | 1.000 | 1.500 | 2.000 | 3.000 | 1.50 | ≤ 1.3 | **missed** |');
  });

  it('says why the image size is missing when no Docker engine was available, with no figure', () => {
    const md = renderReport({ ...base, image: { available: false, reason: 'no Docker engine answering' } });
    const image = section(md, 'Docker image size');
    expect(image).toContain('Not measured: no Docker engine answering.');
    expect(image).not.toMatch(/\d+ MB/);
  });

  it('renders the curve as a table with a verdict per size, and links the plot', () => {
    const point = (n: number, p95: number) => ({
      boardTickets: n,
      workspaceTickets: n + 1000,
      payloadBytes: 85000,
      http: { p50Ms: p95 / 2, p95Ms: p95 },
      sql: { p50Ms: 3, p95Ms: 4 },
      reference: { http: { p50Ms: 10, p95Ms: 20 }, sql: { p50Ms: 2, p95Ms: 3 } },
    });
    const md = renderReport({
      ...base,
      curve: {
        commit: 'abc1234',
        points: [point(1000, 40), point(50000, 400)],
        settings: { requestsPerPoint: 100, referenceTickets: 1000 },
      },
      curvePlot: 'performance/board-read-curve.svg',
    });
    const curve = section(md, 'Board read latency');
    expect(curve).toContain('| 1,000 | 2,000 | 20.0 | 40.0 | 3.0 | 4.0 | 10.0 / 20.0 | 85000 | met |');
    expect(curve).toContain('| 50,000 | 51,000 | 200.0 | 400.0 | 3.0 | 4.0 | 10.0 / 20.0 | 85000 | **missed** |');
    expect(curve).toContain('![Board read latency by tickets on the board](performance/board-read-curve.svg)');
    expect(section(md, 'Targets')).toContain(
      '| curve | GET board p95, 50,000 tickets on the board | < 300 ms (API SLO) | 400.0 ms | **missed** |',
    );
  });

  it("renders series and breakdowns as their own tables, and the load suite's RSS series in the memory section", () => {
    const series = Array.from({ length: 40 }, (_, i) => ({ atS: i * 2, rssMb: 200 + i, poolWaiting: i % 3 }));
    const md = renderReport({
      ...base,
      suites: {
        load: {
          suite: 'load',
          commit: 'abc1234',
          scale: 'full',
          ok: true,
          figures: { perKind: { read: { n: 70, p95Ms: 12 }, create: { n: 10, p95Ms: 30 } }, series },
        },
      },
    });
    const load = md.slice(md.indexOf('### load'));
    expect(load).toContain('|  | n | p95Ms |\n|---|---:|---:|\n| read | 70 | 12 |\n| create | 10 | 30 |');
    expect(load).toContain('| atS | rssMb | poolWaiting |');
    expect(load).toContain('(15 of 40 rows, evenly spaced)');
    const memory = section(md, 'Memory');
    expect(memory).toContain('| atS | rssMb |\n');
    expect(memory).toContain('| 0 | 200 |');
    expect(memory).toContain('| 78 | 239 |'); // the last sample is always shown
    expect(memory).not.toContain('poolWaiting');
    expect(downsample([1, 2, 3, 4, 5], 3)).toEqual([1, 3, 5]);
  });

  it('formats free-form figures compactly', () => {
    expect(formatValue(null)).toBe('—');
    expect(formatValue(true)).toBe('yes');
    expect(formatValue(0.123456)).toBe('0.123');
    expect(formatValue(Array.from({ length: 30 }, (_, i) => i))).toMatch(/, 23, … \(30 values\)$/);
    expect(formatValue({ a: 'x'.repeat(400) })).toHaveLength(298);
    expect(flattenFigures({ a: 1, b: { c: 2 }, d: [1] })).toEqual([
      ['a', 1],
      ['b.c', 2],
      ['d', [1]],
    ]);
    expect(sameCommit('abc1234', 'abc1234def')).toBe(true);
    expect(sameCommit('abc1234', null)).toBe(false);
    expect(sameCommit('abc1234', 'abd')).toBe(false);
  });
});

describe('day-two section (issue 14)', () => {
  const suite = (name: string, figures: Record<string, unknown>) => ({
    suite: name,
    finishedAt: '2026-11-22T08:00:00.000Z',
    commit: 'abc1234',
    scale: 'full',
    figures,
    ok: true,
  });
  it('puts the baseline beside this run: load, CPU per operation, the knee and the soak', () => {
    const md = renderReport({
      ...base,
      dayTwoBaseline: {
        source: 'run of b141765',
        generator: 'autocannon, closed-loop',
        load: {
          rate: 200,
          achievedRate: 197.3,
          p95Ms: 1086.9,
          errors: 0,
          appCpuMsPerRequest: 2.47,
          postgresCpuMsPerRequest: 4.58,
          poolPeakWaiting: 191,
        },
        rss: { startMb: 358.4, endMb: 591.5, maxMb: 592.1, secondHalfSlopeMbPerMin: 38.33, chartLimitMi: 512 },
      },
      suites: {
        load: suite('load', {
          rate: 200,
          seconds: 300,
          overall: { achievedRate: 199.9, p95Ms: 120.5, p99Ms: 400, errors: 0 },
          pool: { peakWaiting: 3 },
          cpu: { appMsPerRequest: 1.9, postgresMsPerRequest: 3.1 },
          rss: { startMb: 200, endMb: 230, secondHalfSlopeMbPerMin: 0.4 },
        }),
        'load-cpu': suite('load-cpu', { perKind: { read: { appCpuMsPerRequest: 3.21, postgresCpuMsPerRequest: 2 } } }),
        'load-knee': suite('load-knee', {
          steps: [
            { rate: 200, achievedRate: 200, p95Ms: 100, errors: 0 },
            { rate: 300, achievedRate: 290, p95Ms: 450, errors: 0 },
          ],
          kneeRate: 300,
          highestRateWithinSlo: 200,
        }),
        'load-soak': suite('load-soak', {
          minutes: 15,
          rss: { tailSlopeMbPerMin: 0.3, slopeWindowMin: 10, maxMb: 260 },
        }),
      },
    });
    const text = section(md, 'Day two');
    expect(text).toContain('| p95 ms | 1086.9 | 120.5 | < 300 |');
    expect(text).toContain('| read | 3.21 | 2.00 |');
    expect(text).toContain('Knee (p95 ≥ 300 ms or errors): 300 req/s; highest rate within the SLO: 200 req/s.');
    expect(text).toContain(
      '| RSS slope over the last window MB/min | 38.33 (load, 2nd half) | 0.30 (last 10.0 min) | < 1 |',
    );
  });
});
