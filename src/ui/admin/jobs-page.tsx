'use client';

import { useCallback, useEffect, useState } from 'react';
import type { JobRunRow, JobsOverview } from '@/shared/jobs-overview';
import { EmptyState, ErrorMessage, Loading, formatDate } from '../primitives';

// The instance admins' jobs page (/admin/jobs): every kind of background job with its schedule and queue, the
// latest failures, and the operator's two actions — retry dead jobs, run a job now. Reads /api/admin/jobs.

async function call<T>(init?: { method: 'POST'; body: unknown }): Promise<T>;
async function call<T>(init: { query: string }): Promise<T>;
async function call<T>(init?: { method?: 'POST'; body?: unknown; query?: string }): Promise<T> {
  const response = await fetch(`/api/admin/jobs${init?.query ?? ''}`, {
    method: init?.method ?? 'GET',
    headers: init?.body ? { 'content-type': 'application/json' } : {},
    body: init?.body ? JSON.stringify(init.body) : undefined,
    cache: 'no-store',
  });
  const body = (await response.json().catch(() => null)) as (T & { detail?: string }) | null;
  if (!response.ok) throw new Error(body?.detail ?? `HTTP ${response.status}`);
  return body as T;
}

const age = (seconds: number) =>
  seconds < 90
    ? `${seconds} s`
    : seconds < 5400
      ? `${Math.round(seconds / 60)} min`
      : `${Math.round(seconds / 3600)} h`;

function Runs({ job, onClose }: { job: string; onClose: () => void }) {
  const [runs, setRuns] = useState<JobRunRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call<{ runs: JobRunRow[] }>({ query: `?job=${encodeURIComponent(job)}` }).then(
      (r) => setRuns(r.runs),
      (e: Error) => setError(e.message),
    );
  }, [job]);
  return (
    <section aria-label={`Latest ${job} jobs`}>
      <h2>
        Latest <code>{job}</code> jobs{' '}
        <button type="button" onClick={onClose}>
          Close
        </button>
      </h2>
      <ErrorMessage error={error} />
      {runs === null && !error ? <Loading /> : null}
      {runs && runs.length === 0 ? <EmptyState title="No jobs of this kind are kept" /> : null}
      {runs && runs.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>Id</th>
              <th>State</th>
              <th>Attempts</th>
              <th>Created</th>
              <th>Finished</th>
              <th>Error</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id}>
                <td>
                  <code>{run.id}</code>
                </td>
                <td>{run.state}</td>
                <td>{run.attempts}</td>
                <td>{formatDate(run.createdAt)}</td>
                <td>{formatDate(run.finishedAt)}</td>
                <td>{run.error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

export function JobsAdminPage() {
  const [overview, setOverview] = useState<JobsOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const load = useCallback(() => call<JobsOverview>().then(setOverview, (e: Error) => setError(e.message)), []);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 10_000);
    return () => clearInterval(timer);
  }, [load]);
  const act = (body: { action: 'retry' | 'run'; job: string }) =>
    call<{ requeued?: number; id?: string }>({ method: 'POST', body }).then(
      (result) => {
        setError(null);
        setNotice(
          body.action === 'retry'
            ? `${result.requeued ?? 0} ${body.job} job(s) queued for another attempt`
            : `${body.job} queued (${result.id})`,
        );
        void load();
      },
      (e: Error) => setError(e.message),
    );

  return (
    <main>
      <h1>Background jobs</h1>
      <p className="muted">
        The instance&apos;s job queue (PostgreSQL). Counts refresh every 10 seconds; the same view is{' '}
        <code>npm run jobs -- list</code>.{overview ? ` This process runs as TIKA_ROLE=${overview.role}.` : ''}
      </p>
      <ErrorMessage error={error} />
      {notice ? <p role="status">{notice}</p> : null}
      {overview === null && !error ? <Loading /> : null}
      {overview ? (
        <table>
          <thead>
            <tr>
              <th>Job</th>
              <th>Schedule</th>
              <th>Next run</th>
              <th>Queued</th>
              <th>Running</th>
              <th>Dead</th>
              <th>Oldest waiting</th>
              <th>Last completed</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {overview.jobs.map((job) => (
              <tr key={job.name}>
                <td>
                  <button type="button" className="link" onClick={() => setOpen(job.name)}>
                    <code>{job.name}</code>
                  </button>
                  <div className="muted">{job.description}</div>
                </td>
                <td>{job.schedule ? `${job.schedule} (${job.timezone})` : 'on demand'}</td>
                <td>{formatDate(job.nextRun)}</td>
                <td>{job.queued}</td>
                <td>{job.active}</td>
                <td>{job.dead}</td>
                <td>{job.oldestReadySeconds ? age(job.oldestReadySeconds) : '—'}</td>
                <td>{formatDate(job.lastCompleted)}</td>
                <td>
                  {job.dead > 0 ? (
                    <button type="button" onClick={() => void act({ action: 'retry', job: job.name })}>
                      Retry {job.dead} dead
                    </button>
                  ) : null}{' '}
                  {job.runnable ? (
                    <button type="button" onClick={() => void act({ action: 'run', job: job.name })}>
                      Run now
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {open ? <Runs job={open} onClose={() => setOpen(null)} /> : null}
      {overview ? (
        <section aria-label="Latest failures">
          <h2>Latest failures</h2>
          {overview.failures.length === 0 ? <EmptyState title="No failing jobs" /> : null}
          {overview.failures.length > 0 ? (
            <table>
              <thead>
                <tr>
                  <th>Job</th>
                  <th>State</th>
                  <th>Attempts</th>
                  <th>When</th>
                  <th>Error</th>
                </tr>
              </thead>
              <tbody>
                {overview.failures.map((run) => (
                  <tr key={run.id}>
                    <td>
                      <code>{run.job}</code>
                    </td>
                    <td>{run.state === 'dead' ? 'dead' : 'will retry'}</td>
                    <td>{run.attempts}</td>
                    <td>{formatDate(run.finishedAt ?? run.createdAt)}</td>
                    <td>{run.error ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      ) : null}
    </main>
  );
}
