/* global AbortSignal -- a Node global the shared bench globals list lacks */
// What the server looks like while it is loaded, sampled every few seconds: its RSS (/proc/<pid>/status VmRSS),
// the CPU seconds of the app and of PostgreSQL (/proc/<pid>/stat), and the database pool from /api/metrics
// (db_pool_active_connections, db_pool_waiting_clients, db_pool_max_connections).
import { readdirSync, readFileSync } from 'node:fs';
import { clearInterval, setInterval } from 'node:timers';
import { cpuSeconds } from '../lib/procs.mjs';
import { METRICS_TOKEN } from './services.mjs';

/** @typedef {{ active: number | null, waiting: number | null, max: number | null }} PoolReading */
/**
 * @typedef {{ atS: number, rssMb: number | null, appCpuS: number | null, pgCpuS: number | null,
 *   generatorCpuS: number, machineBusyS: number | null, machineStealS: number | null,
 *   pool: PoolReading | null }} Sample
 */

/** @param {number | undefined} pid */
export function rssMb(pid) {
  try {
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/** PostgreSQL's CPU seconds: the postmaster, its live children (backends, walwriter…) and its reaped children. */
/** @param {number | null} postmaster */
export function postgresCpuSeconds(postmaster) {
  if (!postmaster) return null;
  try {
    /** @param {number | string} pid */
    const fieldsOf = (pid) => {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    };
    const own = fieldsOf(postmaster);
    // After "pid (comm) ": ppid is field 2 (index 1); utime, stime, cutime, cstime are indices 11-14.
    let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const f = fieldsOf(entry);
        if (Number(f[1]) === postmaster) ticks += Number(f[11]) + Number(f[12]);
      } catch {
        // the process ended between readdir and read
      }
    }
    return ticks / 100;
  } catch {
    return null;
  }
}

/**
 * @param {{ url: string }} app
 * @returns {Promise<PoolReading | null>}
 */
export async function scrapePool(app) {
  try {
    const res = await fetch(`${app.url}/api/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      signal: AbortSignal.timeout(30_000),
    });
    if (res.status !== 200) return null;
    const text = await res.text();
    /** @param {string} name */
    const value = (name) => {
      const line = text.split('\n').find((l) => l.startsWith(`${name} `));
      return line ? Number(line.slice(name.length + 1)) : null;
    };
    return {
      active: value('db_pool_active_connections'),
      waiting: value('db_pool_waiting_clients'),
      max: value('db_pool_max_connections'),
    };
  } catch {
    return null;
  }
}

/**
 * Since boot, over all cores (/proc/stat): CPU seconds spent busy, and seconds stolen by the hypervisor for other
 * guests — on a shared VM, steal is capacity this run never had. Nulls when /proc is not there.
 * @returns {{ busy: number | null, steal: number | null }}
 */
function machineCpuSeconds() {
  try {
    const [first = ''] = readFileSync('/proc/stat', 'utf8').split('\n');
    // The first line ("cpu  user nice system idle iowait irq softirq steal …") has every field on Linux.
    const [user, nice, system, , , irq, softirq, steal] =
      /** @type {[number, number, number, number, number, number, number, number]} */ (
        first.trim().split(/\s+/).slice(1).map(Number)
      );
    return { busy: (user + nice + system + irq + softirq) / 100, steal: steal / 100 };
  } catch {
    return { busy: null, steal: null };
  }
}

/**
 * Samples `app` (and PostgreSQL) every `everyMs` until stop(); stop() resolves the samples.
 * @param {{ app: { url: string, pid: number | undefined }, postmaster: number | null, everyMs?: number,
 *   started?: number }} options
 */
export function startSampler({ app, postmaster, everyMs = 2_000, started = performance.now() }) {
  /** @type {Sample[]} */
  const samples = [];
  /** @type {Promise<void> | null} */
  let scraping = null;
  // RSS and CPU are read from /proc on the clock; the pool comes from /api/metrics, which a starved server may
  // answer late — a sample then keeps the pool figures of the last scrape that has finished, or none.
  /** @type {PoolReading | null} */
  let lastPool = null;
  const take = () => {
    const { user, system } = process.cpuUsage();
    const machine = machineCpuSeconds();
    samples.push({
      atS: Number(((performance.now() - started) / 1000).toFixed(1)),
      rssMb: rssMb(app.pid),
      appCpuS: cpuSeconds(app.pid),
      pgCpuS: postgresCpuSeconds(postmaster),
      // The load generator runs in this process, on the same cores: its share says how much of the machine the
      // server side could have had.
      generatorCpuS: (user + system) / 1e6,
      machineBusyS: machine.busy,
      machineStealS: machine.steal,
      pool: lastPool,
    });
    lastPool = null;
    scraping ??= scrapePool(app).then((pool) => {
      lastPool = pool;
      scraping = null;
    });
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      take();
      await scraping;
      return samples;
    },
  };
}

/**
 * Least-squares slope of y over x (per unit of x).
 * @param {{ x: number, y: number }[]} points
 */
export function slope(points) {
  const n = points.length;
  if (n < 2) return null;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const num = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return den ? num / den : null;
}

/**
 * RSS start/end/max and slope in MB per minute; pool saturation; CPU per request for the app and PostgreSQL.
 * @param {Sample[]} samples
 * @param {number} requests
 */
export function summarizeSamples(samples, requests) {
  const rss = /** @type {(Sample & { rssMb: number })[]} */ (samples.filter((s) => s.rssMb !== null));
  /** @param {number | null | undefined} x */
  const round = (x, d = 1) => (x === null || x === undefined || !Number.isFinite(x) ? null : Number(x.toFixed(d)));
  const pools = /** @type {(Sample & { pool: PoolReading & { active: number } })[]} */ (
    samples.filter((s) => s.pool && s.pool.active !== null)
  );
  const max = pools.find((s) => s.pool.max)?.pool.max ?? null;
  const first = samples[0];
  const last = samples[samples.length - 1];
  /** @param {'appCpuS' | 'pgCpuS'} key */
  const perRequestMs = (key) => {
    const from = first?.[key];
    const to = last?.[key];
    return from != null && to != null && requests ? ((to - from) * 1000) / requests : null;
  };
  // A CPU figure /proc could not give (null) counts as 0 here, as the subtraction always had it.
  /** @param {'appCpuS' | 'pgCpuS'} key */
  const coresUsed = (key) => (first && last ? (Number(last[key]) - Number(first[key])) / (last.atS - first.atS) : null);
  const lastRssAtS = rss[rss.length - 1]?.atS ?? 0;
  return {
    rss: {
      startMb: round(rss[0]?.rssMb),
      endMb: round(rss[rss.length - 1]?.rssMb),
      maxMb: round(Math.max(...rss.map((s) => s.rssMb))),
      slopeMbPerMin: round(slope(rss.map((s) => ({ x: s.atS / 60, y: s.rssMb }))), 2),
      // Heap and caches grow while the server warms up; a leak keeps growing in the second half too.
      secondHalfSlopeMbPerMin: round(
        slope(rss.filter((s) => s.atS >= lastRssAtS / 2).map((s) => ({ x: s.atS / 60, y: s.rssMb }))),
        2,
      ),
    },
    pool: {
      max,
      samples: pools.length,
      meanActive: round(pools.reduce((a, s) => a + s.pool.active, 0) / (pools.length || 1), 2),
      peakActive: pools.length ? Math.max(...pools.map((s) => s.pool.active)) : null,
      atMaxShare: round(pools.filter((s) => max && s.pool.active >= max).length / (pools.length || 1), 3),
      peakWaiting: pools.length ? Math.max(...pools.map((s) => s.pool.waiting ?? 0)) : null,
      waitingShare: round(pools.filter((s) => (s.pool.waiting ?? 0) > 0).length / (pools.length || 1), 3),
    },
    cpu: {
      appMsPerRequest: round(perRequestMs('appCpuS'), 2),
      postgresMsPerRequest: round(perRequestMs('pgCpuS'), 2),
      appCoresUsed: round(coresUsed('appCpuS'), 2),
      postgresCoresUsed: round(coresUsed('pgCpuS'), 2),
      generatorCoresUsed: round(
        first && last ? (last.generatorCpuS - first.generatorCpuS) / (last.atS - first.atS) : null,
        2,
      ),
      machineCoresBusy: round(
        first?.machineBusyS != null && last?.machineBusyS != null
          ? (last.machineBusyS - first.machineBusyS) / (last.atS - first.atS)
          : null,
        2,
      ),
      coresStolen: round(
        first?.machineStealS != null && last?.machineStealS != null
          ? (last.machineStealS - first.machineStealS) / (last.atS - first.atS)
          : null,
        2,
      ),
    },
    series: samples.map((s) => ({
      atS: s.atS,
      rssMb: round(s.rssMb),
      poolActive: s.pool?.active ?? null,
      poolWaiting: s.pool?.waiting ?? null,
    })),
  };
}
