'use client';

import { useCallback, useEffect, useState } from 'react';
import type { JobRunRow, JobsOverview } from '@/shared/jobs-overview';
import { ApiError, describeError, networkError, problemError } from '../client';
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
  formatDate,
  type Tone,
} from '../components';

// The instance admins' jobs page (/admin/jobs): every kind of background job with its schedule and queue, the
// latest failures, and the operator's two actions — retry dead jobs, run a job now. Reads /api/admin/jobs (an
// instance route, not the tenant API of the typed client); a problem+json answer becomes the client's ApiError.

async function call<T>(init?: { method: 'POST'; body: unknown }): Promise<T>;
async function call<T>(init: { query: string }): Promise<T>;
async function call<T>(init?: { method?: 'POST'; body?: unknown; query?: string }): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/admin/jobs${init?.query ?? ''}`, {
      method: init?.method ?? 'GET',
      headers: init?.body ? { 'content-type': 'application/json' } : {},
      body: init?.body ? JSON.stringify(init.body) : undefined,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw networkError();
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw problemError(response, body);
  return body as T;
}

const age = (seconds: number) =>
  seconds < 90
    ? `${seconds} s`
    : seconds < 5400
      ? `${Math.round(seconds / 60)} min`
      : `${Math.round(seconds / 3600)} h`;

const stateTone: Record<JobRunRow['state'], Tone> = {
  queued: 'neutral',
  retry: 'warning',
  active: 'accent',
  completed: 'success',
  dead: 'danger',
  cancelled: 'neutral',
};

function RunsTable({
  caption,
  runs,
  withJob,
}: {
  caption: string;
  runs: (JobRunRow & { job?: string })[];
  withJob?: boolean;
}) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>{withJob ? 'Job' : 'Id'}</Th>
          <Th>State</Th>
          <Th>Attempts</Th>
          <Th>{withJob ? 'When' : 'Created'}</Th>
          {withJob ? null : <Th>Finished</Th>}
          <Th>Error</Th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id}>
            <Td>
              <code className="break-all">{withJob ? run.job : run.id}</code>
            </Td>
            <Td>
              <Badge tone={stateTone[run.state]}>{withJob && run.state !== 'dead' ? 'will retry' : run.state}</Badge>
            </Td>
            <Td>{run.attempts}</Td>
            <Td>{formatDate(withJob ? (run.finishedAt ?? run.createdAt) : run.createdAt)}</Td>
            {withJob ? null : <Td>{formatDate(run.finishedAt)}</Td>}
            <Td className="max-w-md break-words">{run.error ?? ''}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function Runs({ job, onClose }: { job: string; onClose: () => void }) {
  const [runs, setRuns] = useState<JobRunRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call<{ runs: JobRunRow[] }>({ query: `?job=${encodeURIComponent(job)}` }).then(
      (r) => setRuns(r.runs),
      (e) => setError(describeError(e)),
    );
  }, [job]);
  return (
    <Section
      title={
        <>
          Latest <code>{job}</code> jobs
        </>
      }
      id="job-runs"
    >
      <div className="mb-3 flex justify-end">
        <Button size="sm" variant="ghost" onClick={onClose}>
          Close
        </Button>
      </div>
      <ErrorMessage error={error} />
      {runs === null && !error ? <Loading /> : null}
      {runs && runs.length === 0 ? <EmptyState title="No jobs of this kind are kept" /> : null}
      {runs && runs.length > 0 ? <RunsTable caption={`Latest ${job} jobs`} runs={runs} /> : null}
    </Section>
  );
}

export function JobsAdminPage() {
  const [overview, setOverview] = useState<JobsOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [notAllowed, setNotAllowed] = useState(false);
  // The API answers 404 to anyone who is not an instance admin (as the route does, for a page that is not theirs);
  // the page only offers kinds the server listed, so a 404 to an action means the same.
  const failed = useCallback(
    (e: unknown) => (e instanceof ApiError && e.status === 404 ? setNotAllowed(true) : setError(describeError(e))),
    [],
  );
  const load = useCallback(() => call<JobsOverview>().then(setOverview, failed), [failed]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 10_000);
    return () => clearInterval(timer);
  }, [load]);
  const act = (body: { action: 'retry' | 'run'; job: string }) =>
    call<{ requeued?: number; id?: string }>({ method: 'POST', body }).then((result) => {
      setError(null);
      setNotice(
        body.action === 'retry'
          ? `${result.requeued ?? 0} ${body.job} job(s) queued for another attempt`
          : `${body.job} queued (${result.id})`,
      );
      void load();
    }, failed);

  if (notAllowed)
    return (
      <Page>
        <PageHeader title="Background jobs" />
        <EmptyState title="This page is for the instance's administrators.">
          They are the addresses in <code>TIKA_ADMIN_EMAILS</code>, or else the first account created.
        </EmptyState>
      </Page>
    );
  return (
    <Page wide>
      <PageHeader
        title="Background jobs"
        description={
          <>
            The instance&apos;s job queue (PostgreSQL). Counts refresh every 10 seconds; the same view is{' '}
            <code>npm run jobs -- list</code>.{overview ? ` This process runs as TIKA_ROLE=${overview.role}.` : ''}
          </>
        }
      />
      <ErrorMessage error={error} className="mb-4" />
      {notice ? (
        <p role="status" className="mb-4 text-sm text-muted">
          {notice}
        </p>
      ) : null}
      {overview === null && !error ? <Loading /> : null}
      {overview ? (
        <div className="mb-6">
          <Table caption="Kinds of background jobs">
            <thead>
              <tr>
                <Th>Job</Th>
                <Th>Schedule</Th>
                <Th>Next run</Th>
                <Th>Queued</Th>
                <Th>Running</Th>
                <Th>Dead</Th>
                <Th>Oldest waiting</Th>
                <Th>Last completed</Th>
                <Th>Actions</Th>
              </tr>
            </thead>
            <tbody>
              {overview.jobs.map((job) => (
                <tr key={job.name}>
                  <Td>
                    <button
                      type="button"
                      className="text-left text-accent hover:underline"
                      onClick={() => setOpen(job.name)}
                    >
                      <code>{job.name}</code>
                    </button>
                    <div className="text-xs text-muted">{job.description}</div>
                  </Td>
                  <Td>{job.schedule ? `${job.schedule} (${job.timezone})` : 'on demand'}</Td>
                  <Td>{formatDate(job.nextRun)}</Td>
                  <Td>{job.queued}</Td>
                  <Td>{job.active}</Td>
                  <Td>{job.dead > 0 ? <Badge tone="danger">{job.dead}</Badge> : job.dead}</Td>
                  <Td>{job.oldestReadySeconds ? age(job.oldestReadySeconds) : '—'}</Td>
                  <Td>{formatDate(job.lastCompleted)}</Td>
                  <Td className="whitespace-nowrap">
                    {job.dead > 0 ? (
                      <Button size="sm" onClick={() => void act({ action: 'retry', job: job.name })}>
                        Retry {job.dead} dead
                      </Button>
                    ) : null}{' '}
                    {job.runnable ? (
                      <Button size="sm" onClick={() => void act({ action: 'run', job: job.name })}>
                        Run now
                      </Button>
                    ) : null}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      ) : null}
      {open ? <Runs job={open} onClose={() => setOpen(null)} /> : null}
      {overview ? (
        <Section title="Latest failures" id="latest-failures">
          {overview.failures.length === 0 ? <EmptyState title="No failing jobs" /> : null}
          {overview.failures.length > 0 ? (
            <RunsTable caption="Latest failures" runs={overview.failures} withJob />
          ) : null}
        </Section>
      ) : null}
    </Page>
  );
}
