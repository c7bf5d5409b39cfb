'use client';

import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { useMe } from '../app-shell';
import {
  Badge,
  Button,
  EmptyState,
  ErrorMessage,
  Loading,
  Page,
  PageHeader,
  Section,
  Table,
  Td,
  Th,
  buttonClass,
  count,
  formatDate,
  relativeTime,
  type Tone,
} from '../components';
import type { OpsOverview, OpsPoint } from '@/shared/ops-overview';
import { Chart, type Series } from './chart';

// The operations page (/admin/operations), for instance admins: `tika doctor`'s report and charts of this
// instance's own recent metrics (GET /api/ops/history, a ring buffer in the server: no Prometheus needed).

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
export interface DoctorReport {
  checkedAt: string;
  version: string | null;
  meets: { id: string; title: string } | null;
  next: { stage: { id: string; title: string }; blocking: { id: string; title: string }[] } | null;
  counts: Record<Status, number>;
  stages: DoctorStage[];
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

  const failed = useCallback((e: unknown) => {
    if (e instanceof NotAllowed) setNotAllowed(true);
    else setError(e instanceof Error ? e.message : String(e));
  }, []);
  const loadHistory = useCallback(async () => {
    try {
      setOverview(await getJson<OpsOverview>('/api/ops/history'));
    } catch (e) {
      failed(e);
    }
  }, [failed]);
  const runDoctor = useCallback(async () => {
    setChecking(true);
    try {
      setReport(await getJson<DoctorReport>('/api/ops/doctor'));
      setError(null);
    } catch (e) {
      failed(e);
    } finally {
      setChecking(false);
    }
  }, [failed]);

  useEffect(() => {
    if (!me) return;
    void loadHistory();
    void runDoctor();
    const timer = setInterval(() => void loadHistory(), 15_000);
    return () => clearInterval(timer);
  }, [me, loadHistory, runDoctor]);

  const back = (
    <Link href="/w" className={buttonClass({ variant: 'ghost' })}>
      Your workspaces
    </Link>
  );
  if (meError)
    return (
      <Page>
        <ErrorMessage error={meError} />
      </Page>
    );
  if (!me)
    return (
      <Page>
        <Loading />
      </Page>
    );
  if (notAllowed)
    return (
      <Page>
        <PageHeader title="Operations" actions={back} />
        <EmptyState title="This page is for the instance's administrators.">
          They are the addresses in <code>TIKA_ADMIN_EMAILS</code>, or else the first account created.
        </EmptyState>
      </Page>
    );

  const grafana = overview?.links.grafana;
  return (
    <Page wide>
      <PageHeader
        title="Operations"
        description={
          overview
            ? `Instance ${overview.instance.hostname}${overview.instance.version ? `, version ${overview.instance.version}` : ''}.`
            : undefined
        }
        actions={
          <>
            {grafana ? (
              <a href={grafana} target="_blank" rel="noreferrer" className={buttonClass()}>
                Dashboard in Grafana
              </a>
            ) : null}
            <Button variant="primary" onClick={() => void runDoctor()} disabled={checking}>
              {checking ? 'Checking…' : 'Check again'}
            </Button>
            {back}
          </>
        }
      />
      <ErrorMessage error={error} className="mb-4" />

      <Section
        title="Where this deployment stands"
        id="doctor-heading"
        description={
          <>
            <code>tika doctor</code>: the ops guide&apos;s stages, each requirement checked against this deployment with
            its evidence and a fix. The same report as <code>npm run doctor</code>.
          </>
        }
      >
        {report ? <DoctorSummary report={report} /> : <Loading label="Running tika doctor…" />}
      </Section>

      <Section
        title="The last hours on this instance"
        id="charts-heading"
        description={
          overview ? (
            <>
              One point every {overview.sampleSeconds} s, kept in this process (no Prometheus needed).
              {grafana ? null : ' Set GRAFANA_URL to link the Grafana dashboard of every instance here.'}
            </>
          ) : undefined
        }
      >
        {overview ? <Charts overview={overview} /> : <Loading />}
      </Section>

      {overview?.instances ? (
        <Section title="Running instances" id="instances-heading" description="Heartbeats of the last 90 seconds.">
          <Table caption="Running instances">
            <thead>
              <tr>
                <Th>Host</Th>
                <Th>Version</Th>
                <Th>Started</Th>
                <Th>Last heartbeat</Th>
              </tr>
            </thead>
            <tbody>
              {overview.instances.map((i) => (
                <tr key={i.id}>
                  <Td className="font-medium">
                    {i.hostname}
                    {i.id === overview.instance.id ? <span className="text-muted"> (this one)</span> : null}
                  </Td>
                  <Td>{i.version ?? '—'}</Td>
                  <Td>{formatDate(i.startedAt)}</Td>
                  <Td title={formatDate(i.lastSeenAt)}>{relativeTime(i.lastSeenAt)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Section>
      ) : null}
    </Page>
  );
}

const STATUS: Record<Status, { label: string; tone: Tone }> = {
  pass: { label: 'PASS', tone: 'success' },
  warn: { label: 'WARN', tone: 'warning' },
  fail: { label: 'FAIL', tone: 'danger' },
};
const tally = (c: Record<Status, number>) => `${c.pass} pass, ${c.warn} warn, ${c.fail} fail`;

function DoctorSummary({ report }: { report: DoctorReport }) {
  return (
    <>
      <div
        data-testid="doctor-verdict"
        className="mb-4 rounded-lg border border-border bg-sunken px-3 py-2.5 text-sm"
        role="status"
      >
        <p>
          {report.meets ? (
            <>
              This deployment meets <strong>{report.meets.title}</strong>.
            </>
          ) : (
            <>This deployment does not meet MVP yet.</>
          )}{' '}
          <span className="text-muted">
            {tally(report.counts)} · checked {formatDate(report.checkedAt)}
          </span>
        </p>
        {report.next && report.next.blocking.length ? (
          <p className="mt-1">
            <span className="font-medium">{report.next.stage.title} needs:</span>{' '}
            {report.next.blocking.map((b) => b.title).join('; ')}.
          </p>
        ) : null}
      </div>
      <div className="flex flex-col gap-3">
        {report.stages.map((stage) => (
          <details
            key={stage.id}
            data-stage={stage.id}
            className="rounded-lg border border-border bg-surface"
            open={!stage.met || stage.counts.fail > 0}
          >
            <summary className="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
              <span className="font-semibold">{stage.title}</span>
              <Badge tone={stage.met ? 'success' : 'danger'}>{stage.met ? 'met' : 'not met'}</Badge>
              <span className="text-xs text-muted">{tally(stage.counts)}</span>
            </summary>
            <ul className="border-t border-border px-3">
              {stage.items.map((item) => (
                <li
                  key={item.id}
                  data-item={item.id}
                  data-status={item.status}
                  className="grid gap-1 border-b border-border py-2.5 last:border-b-0 sm:grid-cols-[4rem_minmax(0,15rem)_minmax(0,1fr)] sm:gap-x-4"
                >
                  <div>
                    <Badge tone={STATUS[item.status].tone}>{STATUS[item.status].label}</Badge>
                  </div>
                  <div className="min-w-0">
                    <p className="font-medium">{item.title}</p>
                    <p className="text-xs text-muted">guide {item.guide}</p>
                  </div>
                  <div className="min-w-0 break-words">
                    <p>{item.evidence}</p>
                    {item.fix ? (
                      <p className="mt-1 text-muted">
                        <span className="font-medium text-fg">Fix:</span> {item.fix}
                      </p>
                    ) : null}
                  </div>
                </li>
              ))}
            </ul>
          </details>
        ))}
      </div>
    </>
  );
}

function Charts({ overview }: { overview: OpsOverview }) {
  const points = overview.points;
  if (points.length < 2)
    return (
      <p className="text-sm text-muted">
        Collecting: one point every {overview.sampleSeconds} s ({count(points.length, 'point', 'points')} so far); the
        charts appear with the second.
      </p>
    );
  const perMinute = (value: number, p: OpsPoint) => (p.seconds ? (value * 60) / p.seconds : 0);
  const mib = (bytes: number) => bytes / 1024 / 1024;
  const times = points.map((p) => p.at);
  const line = (name: string, tone: Series['tone'], value: (p: OpsPoint) => number | null): Series => ({
    name,
    tone,
    values: points.map(value),
  });
  const jobs = points.some((p) => p.jobsQueued !== null);
  return (
    <div className="grid grid-cols-1 gap-4 md:grid-cols-2 xl:grid-cols-3">
      <Chart
        title="Requests and errors per minute"
        unit="/min"
        times={times}
        series={[
          line('requests', 'main', (p) => perMinute(p.requests, p)),
          line('5xx errors', 'bad', (p) => perMinute(p.errors, p)),
        ]}
      />
      <Chart
        title="API latency"
        unit="ms"
        times={times}
        series={[line('p50', 'main', (p) => p.p50), line('p95', 'bad', (p) => p.p95)]}
      />
      <Chart
        title="Database pool"
        unit="connections"
        times={times}
        series={[
          line('in use', 'main', (p) => p.poolActive),
          line('waiting', 'bad', (p) => p.poolWaiting),
          line('max', 'limit', (p) => p.poolMax),
        ]}
      />
      <Chart
        title="Rate limits"
        unit="/min"
        times={times}
        series={[
          line('rejections', 'main', (p) => perMinute(p.rateLimited, p)),
          line('store failures', 'bad', (p) => perMinute(p.rateLimitStoreFailures, p)),
        ]}
      />
      {jobs ? (
        <Chart
          title="Background jobs"
          unit="jobs"
          times={times}
          series={[line('queued', 'main', (p) => p.jobsQueued), line('failures', 'bad', (p) => p.jobFailures)]}
        />
      ) : null}
      <Chart
        title="Mail"
        unit="/min"
        times={times}
        series={[
          line('sent', 'main', (p) => perMinute(p.mailSent, p)),
          line('failed', 'bad', (p) => perMinute(p.mailFailed, p)),
        ]}
      />
      <Chart
        title="Live-update streams (SSE)"
        unit="connections"
        times={times}
        series={[line('open', 'main', (p) => p.sse)]}
      />
      <Chart
        title="Memory"
        unit="MiB"
        times={times}
        series={[
          line('resident', 'main', (p) => mib(p.rssBytes)),
          line('limit', 'limit', (p) => (p.memoryLimitBytes ? mib(p.memoryLimitBytes) : null)),
        ]}
      />
      {jobs ? null : (
        <p className="text-xs text-muted md:col-span-2 xl:col-span-3">
          Background jobs: this build exports no job metrics yet.
        </p>
      )}
    </div>
  );
}
