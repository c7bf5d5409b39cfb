import 'server-only';
import { housekeepingJobs } from '@/modules/housekeeping';
import { deliverWebhookJob, pruneWebhookDeliveriesJob } from '@/modules/webhooks';
import { dueDateRemindersJob } from '@/modules/reminders';
import { probeJob, type AnyJobDefinition } from '../server/jobs';
import { pruneMailOutboxJob, sendMailJob } from '../server/mail';

/**
 * Every job Tika's processes run: the composition of background work, as v1.ts is of the API. Modules define
 * their jobs (defineJob) and export them from their door; they are listed here. A job missing here cannot be
 * enqueued (enqueueJob refuses it) and is never run. instrumentation.ts hands the list to boot().
 */
export const allJobs: readonly AnyJobDefinition[] = [
  probeJob,
  sendMailJob,
  pruneMailOutboxJob,
  ...housekeepingJobs,
  deliverWebhookJob,
  pruneWebhookDeliveriesJob,
  dueDateRemindersJob,
];
