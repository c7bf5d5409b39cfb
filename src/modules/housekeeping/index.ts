// housekeeping: the scheduled sweeps that keep every workspace's data within its retention — audit rows per plan,
// usage rollups, dead invitations, idempotency keys, expired sessions. Jobs only: no endpoints, no other module.
import 'server-only';
export {
  auditRetentionJob,
  usageRollupJob,
  deadInvitationsJob,
  idempotencyKeysJob,
  expiredSessionsJob,
  housekeepingJobs,
} from './jobs';
