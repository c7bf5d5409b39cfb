// What the instance admins' jobs page shows (GET /api/admin/jobs): shared by the server that builds it and the
// page that renders it.

export interface JobKindOverview {
  name: string;
  description: string;
  /** The cron it runs on after JOBS_SCHEDULES, in `timezone`; null when it only runs when enqueued. */
  schedule: string | null;
  timezone: string;
  nextRun: string | null;
  queued: number;
  active: number;
  /** Dead-lettered (retries exhausted or a permanent failure), kept JOBS_HISTORY_DAYS. */
  dead: number;
  oldestReadySeconds: number;
  lastCompleted: string | null;
  /** Whether "run now" may enqueue it without data (its payload has no required field). */
  runnable: boolean;
}

export interface JobRunRow {
  id: string;
  state: 'queued' | 'retry' | 'active' | 'completed' | 'dead' | 'cancelled';
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

export interface JobsOverview {
  role: string;
  jobs: JobKindOverview[];
  /** The latest failing attempts (retrying or dead) across every kind, newest first. */
  failures: (JobRunRow & { job: string })[];
}
