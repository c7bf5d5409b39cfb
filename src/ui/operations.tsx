'use client';

import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { useMe } from './app-shell';
import { ErrorMessage, Loading, formatDate } from './components';

// The operations page (/admin/operations), for instance admins: `tika doctor`'s report and charts of this
// instance's own recent metrics (GET /api/ops/history, a ring buffer in the server: no Prometheus needed).
// Charts are plain SVG polylines: a handful of small series that need no chart library in the bundle.

type Status = 'pass' | 'warn' | 'fail';
interface DoctorItem {
  id: string;
  title: string;
  guide: string;
  status: Status;
  evidence: string;
  fix: string;
}
interface DoctorStage {
  id: string;
  title: string;
  met: boolean;
  counts: Record<Status, number>;
  items: DoctorItem[];
}
interface DoctorReport {
  checkedAt: string;
  version: string | null;
  meets: { id: string; title: string } | null;
  next: { stage: { id: string; title: string }; blocking: { id: string; title: string }[] } | null;
  counts: Record<Status, number>;
  stages: DoctorStage[];
}
interface OpsPoint {
  at: number;
  seconds: number;
  requests: number;
  errors: number;
  p50: number | null;
  p95: number | null;
  poolActive: number;
  poolWaiting: number;
  poolMax: number;
  rateLimited: number;
  rateLimitStoreFailures: number;
  jobsQueued: number | null;
  jobFailures: number | null;
  mailSent: number;
  mailFailed: number;
  sse: number;
  rssBytes: number;
  memoryLimitBytes: number;
}
interface OpsOverview {
  instance: { id: string; hostname: string; version: string | null };
  sampleSeconds: number;
  points: OpsPoint[];
  instances: { id: string; hostname: string; version: string | null; startedAt: string; lastSeenAt: string }[] | null;
  links: { grafana: string | null };
}

class NotAllowed extends Error {}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
  if (response.status === 404) throw new NotAllowed();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as T;
}

export function OperationsPage() {
  const { me, error: meError } = useMe();
  const [overview, setOverview] = useState<OpsOverview | null>(null);
  const [report, setReport] = useState<DoctorReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notAllowed, setNotAllowed] = useState(false);
  const [checking, setChecking] = useState(false);

  const loadHistory = useCallback(async () => {
    try {
      setOverview(await getJson<OpsOverview>('/api/ops/history'));
    } catch (e) {
      if (e instanceof NotAllowed) setNotAllowed(true);
      else setError(e instanceof Error ? e.message : String(e));
    }
  }, []);
  const runDoctor = useCallback(async () => {
    setChecking(true);
    try {
      setReport(await getJson<DoctorReport>('/api/ops/doctor'));
      setError(null);
    } catch (e) {
      if (e instanceof NotAllowed) setNotAllowed(true);
      else setError(e instanceof Error ? e.message : String(e));
    } finally {
      setChecking(false);
    }
  }, []);

  useEffect(() => {
    if (!me) return;
    void loadHistory();
    void runDoctor();
    const timer = setInterval(() => void loadHistory(), 15_000);
    return () => clearInterval(timer);
  }, [me, loadHistory, runDoctor]);

  if (meError) return <ErrorMessage error={meError} />;
  if (!me) return <Loading />;
  if (notAllowed)
    return (
      <>
        <h1>Operations</h1>
        <p>
          This page is for the instance&apos;s administrators (<code>TIKA_ADMIN_EMAILS</code>, or the first account).{' '}
          <Link href="/w">Back to your workspaces</Link>
        </p>
      </>
    );

  return (
    <>
      <h1>Operations</h1>
      <ErrorMessage error={error} />
      <p className="muted">
        {overview
          ? `Instance ${overview.instance.hostname}${overview.instance.version ? `, version ${overview.instance.version}` : ''}.`
          : null}{' '}
        {overview?.links.grafana ? (
          <a href={overview.links.grafana} target="_blank" rel="noreferrer">
            Tika&apos;s dashboard in Grafana
          </a>
        ) : (
          <span>Set GRAFANA_URL to link Tika&apos;s Grafana dashboard here.</span>
        )}
      </p>

      <section aria-labelledby="doctor-heading">
        <div className="row">
          <h2 id="doctor-heading">Where this deployment stands</h2>
          <button type="button" onClick={() => void runDoctor()} disabled={checking}>
            {checking ? 'Checking…' : 'Check again'}
          </button>
        </div>
        {report ? <DoctorSummary report={report} /> : <Loading label="Running tika doctor…" />}
      </section>

      <section aria-labelledby="charts-heading">
        <h2 id="charts-heading">The last hours on this instance</h2>
        {overview ? <Charts overview={overview} /> : <Loading />}
      </section>

      {overview?.instances ? (
        <section aria-labelledby="instances-heading">
          <h2 id="instances-heading">Running instances</h2>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>Host</th>
                  <th>Version</th>
                  <th>Started</th>
                  <th>Last heartbeat</th>
                </tr>
              </thead>
              <tbody>
                {overview.instances.map((i) => (
                  <tr key={i.id}>
                    <td>{i.hostname}</td>
                    <td>{i.version ?? '—'}</td>
                    <td>{formatDate(i.startedAt)}</td>
                    <td>{formatDate(i.lastSeenAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  );
}

const STATUS_LABEL: Record<Status, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' };

function DoctorSummary({ report }: { report: DoctorReport }) {
  return (
    <>
      <p className="ops-verdict">
        {report.meets ? (
          <>
            This deployment meets <strong>{report.meets.title}</strong>.
          </>
        ) : (
          <>This deployment does not meet MVP yet.</>
        )}{' '}
        {report.counts.pass} pass, {report.counts.warn} warn, {report.counts.fail} fail (checked{' '}
        {formatDate(report.checkedAt)}).
      </p>
      {report.next && report.next.blocking.length ? (
        <p>
          {report.next.stage.title} needs: {report.next.blocking.map((b) => b.title).join('; ')}.
        </p>
      ) : null}
      {report.stages.map((stage) => (
        <details key={stage.id} className="op" open={!stage.met || stage.counts.fail > 0}>
          <summary>
            {stage.title}: {stage.met ? 'met' : 'not met'} — {stage.counts.pass} pass, {stage.counts.warn} warn,{' '}
            {stage.counts.fail} fail
          </summary>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>Status</th>
                  <th>Requirement</th>
                  <th>Evidence</th>
                  <th>Fix</th>
                </tr>
              </thead>
              <tbody>
                {stage.items.map((item) => (
                  <tr key={item.id} data-item={item.id}>
                    <td>
                      <span className={`ops-status ops-${item.status}`}>{STATUS_LABEL[item.status]}</span>
                    </td>
                    <td>
                      {item.title}
                      <div className="muted small">guide {item.guide}</div>
                    </td>
                    <td>{item.evidence}</td>
                    <td>{item.fix || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ))}
    </>
  );
}

interface Series {
  name: string;
  values: (number | null)[];
  className: string;
}

function Charts({ overview }: { overview: OpsOverview }) {
  const points = overview.points;
  if (points.length < 2)
    return (
      <p className="muted">
        Collecting: one point every {overview.sampleSeconds} s ({points.length} so far); charts appear with the second.
      </p>
    );
  const perMinute = (value: number, p: OpsPoint) => (p.seconds ? (value * 60) / p.seconds : 0);
  const mib = (bytes: number) => bytes / 1024 / 1024;
  const times = points.map((p) => p.at);
  const jobs = points.some((p) => p.jobsQueued !== null);
  return (
    <div className="ops-charts">
      <Chart
        title="Requests and errors per minute"
        unit="/min"
        times={times}
        series={[
          { name: 'requests', values: points.map((p) => perMinute(p.requests, p)), className: 'ops-s1' },
          { name: '5xx errors', values: points.map((p) => perMinute(p.errors, p)), className: 'ops-s2' },
        ]}
      />
      <Chart
        title="API latency"
        unit="ms"
        times={times}
        series={[
          { name: 'p50', values: points.map((p) => p.p50), className: 'ops-s1' },
          { name: 'p95', values: points.map((p) => p.p95), className: 'ops-s2' },
        ]}
      />
      <Chart
        title="Database pool"
        unit="connections"
        times={times}
        series={[
          { name: 'in use', values: points.map((p) => p.poolActive), className: 'ops-s1' },
          { name: 'waiting', values: points.map((p) => p.poolWaiting), className: 'ops-s2' },
          { name: 'max', values: points.map((p) => p.poolMax), className: 'ops-s3' },
        ]}
      />
      <Chart
        title="Rate limits"
        unit="/min"
        times={times}
        series={[
          { name: 'rejections', values: points.map((p) => perMinute(p.rateLimited, p)), className: 'ops-s1' },
          {
            name: 'store failures',
            values: points.map((p) => perMinute(p.rateLimitStoreFailures, p)),
            className: 'ops-s2',
          },
        ]}
      />
      {jobs ? (
        <Chart
          title="Background jobs"
          unit="jobs"
          times={times}
          series={[
            { name: 'queued', values: points.map((p) => p.jobsQueued), className: 'ops-s1' },
            { name: 'failures', values: points.map((p) => p.jobFailures), className: 'ops-s2' },
          ]}
        />
      ) : null}
      <Chart
        title="Mail"
        unit="/min"
        times={times}
        series={[
          { name: 'sent', values: points.map((p) => perMinute(p.mailSent, p)), className: 'ops-s1' },
          { name: 'failed', values: points.map((p) => perMinute(p.mailFailed, p)), className: 'ops-s2' },
        ]}
      />
      <Chart
        title="Live-update streams (SSE)"
        unit="connections"
        times={times}
        series={[{ name: 'open', values: points.map((p) => p.sse), className: 'ops-s1' }]}
      />
      <Chart
        title="Memory"
        unit="MiB"
        times={times}
        series={[
          { name: 'resident', values: points.map((p) => mib(p.rssBytes)), className: 'ops-s1' },
          {
            name: 'limit',
            values: points.map((p) => (p.memoryLimitBytes ? mib(p.memoryLimitBytes) : null)),
            className: 'ops-s3',
          },
        ]}
      />
      {jobs ? null : <p className="muted small">Background jobs: no job metrics exported by this build yet.</p>}
    </div>
  );
}

const W = 320;
const H = 120;
const format = (v: number) => (v >= 100 ? Math.round(v).toString() : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const clock = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export function Chart({
  title,
  unit,
  times,
  series,
}: {
  title: string;
  unit: string;
  times: number[];
  series: Series[];
}) {
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = Math.max(1e-9, ...all) * 1.1;
  const t0 = times[0]!;
  const span = Math.max(1, times[times.length - 1]! - t0);
  const x = (t: number) => ((t - t0) / span) * W;
  const y = (v: number) => H - (v / max) * H;
  const latest = (s: Series) => [...s.values].reverse().find((v) => v !== null);
  const summary = series
    .map((s) => `${s.name} ${latest(s) === undefined ? 'no data' : `${format(latest(s)!)} ${unit}`}`)
    .join(', ');
  return (
    <figure className="ops-chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}, latest: ${summary}`} preserveAspectRatio="none">
        <line x1="0" y1={H} x2={W} y2={H} className="ops-axis" />
        {series.map((s) => {
          // A null (no data in that interval) breaks the line instead of drawing a zero.
          const segments: string[][] = [[]];
          s.values.forEach((v, i) => {
            if (v === null) segments.push([]);
            else segments[segments.length - 1]!.push(`${x(times[i]!).toFixed(1)},${y(v).toFixed(1)}`);
          });
          return segments
            .filter((seg) => seg.length)
            .map((seg, i) => <polyline key={`${s.name}-${i}`} points={seg.join(' ')} className={s.className} />);
        })}
      </svg>
      <div className="ops-chart-foot muted small">
        <span>{clock(t0)}</span>
        <span>
          max {format(max / 1.1)} {unit}
        </span>
        <span>{clock(times[times.length - 1]!)}</span>
      </div>
      <ul className="ops-legend small">
        {series.map((s) => (
          <li key={s.name}>
            <span className={`ops-key ${s.className}`} aria-hidden="true" /> {s.name}:{' '}
            {latest(s) === undefined ? '—' : `${format(latest(s)!)} ${unit}`}
          </li>
        ))}
      </ul>
    </figure>
  );
}
