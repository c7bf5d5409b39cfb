// The job system's door (docs/jobs.md). Modules define jobs with defineJob and enqueue them with enqueueJob inside
// their own transaction; src/api/jobs.ts lists every job the processes run.
import 'server-only';
export {
  defineJob,
  retryPolicy,
  type JobDefinition,
  type JobContext,
  type AnyJobDefinition,
  type RetryPolicy,
} from './definition';
export { enqueueJob, enqueueJobNow, type EnqueueOptions } from './enqueue';
export {
  installJobs,
  stopJobSystem,
  jobCatalog,
  jobSystem,
  runQueuedJobs,
  PermanentJobError,
  JOBS_SCHEMA,
  type QueueRunSummary,
} from './runtime';
export { queueDepths, type QueueDepth } from './inspect';
export { effectiveSchedules } from './schedules';
export { probeJob } from './probe';
export { jobsOverview, recentJobs, retryDeadJobs, runJobNow } from './overview';
