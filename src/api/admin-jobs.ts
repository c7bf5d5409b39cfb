import 'server-only';
import { z } from 'zod';
import { instanceAdminOf } from '../server/auth/instance-admin';
import { AppError, isAppError } from '../server/errors';
import { assertSameOrigin } from '../server/http/csrf';
import { problemResponse } from '../server/http/problem';
import { requestMeta } from '../server/http/request-meta';
import { logger } from '../server/logger';
import { jobsOverview, recentJobs, retryDeadJobs, runJobNow } from '../server/jobs';

// /api/admin/jobs — the jobs page's API, for instance admins only (TIKA_ADMIN_EMAILS, else the first account).
// Anyone else gets 404, as if it did not exist. Not part of /api/v1: it is about the instance, not a workspace.
// It lives in the composition root because it joins the job system with sign-in, whose mail is itself a job: inside
// src/server/jobs it closed an import cycle (jobs → auth → mail → jobs).
//   GET                         every job kind (schedule, next run, queued / active / dead, last completed) and
//                               the latest failing attempts
//   GET ?job=<name>             that kind's latest jobs
//   POST {action:'retry', job, id?}   another attempt for dead-lettered jobs (all of the kind, or one)
//   POST {action:'run', job}          enqueue one now (kinds that take no data)

const Action = z.discriminatedUnion('action', [
  z.object({ action: z.literal('retry'), job: z.string().min(1).max(200), id: z.uuid().optional() }),
  z.object({ action: z.literal('run'), job: z.string().min(1).max(200) }),
]);

const noStore = { 'cache-control': 'no-store' };

async function guarded(request: Request, work: (admin: { userId: string }) => Promise<Response>) {
  const { requestId } = requestMeta(request);
  try {
    assertSameOrigin(request);
    const admin = await instanceAdminOf(request);
    if (!admin) throw new AppError('NOT_FOUND', 'Not found');
    return await work(admin);
  } catch (error) {
    if (isAppError(error)) return problemResponse(error, requestId);
    if (error instanceof RangeError) return problemResponse(new AppError('NOT_FOUND', error.message), requestId);
    logger.error({ err: error, requestId }, 'jobs admin request failed');
    return problemResponse(new AppError('INTERNAL', 'Something went wrong'), requestId);
  }
}

export function jobsAdminGet(request: Request): Promise<Response> {
  return guarded(request, async () => {
    const job = new URL(request.url).searchParams.get('job');
    return Response.json(job ? { job, runs: await recentJobs(job) } : await jobsOverview(), { headers: noStore });
  });
}

export function jobsAdminPost(request: Request): Promise<Response> {
  return guarded(request, async (admin) => {
    if (!(request.headers.get('content-type') ?? '').startsWith('application/json'))
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send JSON (content-type: application/json)');
    const parsed = Action.safeParse(await request.json().catch(() => undefined));
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'Expected {action: "retry"|"run", job, id?}');
    const body = parsed.data;
    // Who did what to the queue, for the operators' log (the queue keeps the job itself).
    const log = (result: Record<string, unknown>) =>
      logger.info({ admin: admin.userId, jobs: { ...body, ...result } }, 'jobs admin action');
    if (body.action === 'retry') {
      const requeued = await retryDeadJobs(body.job, body.id);
      log({ requeued });
      return Response.json({ requeued }, { headers: noStore });
    }
    const id = await runJobNow(body.job);
    log({ id });
    return Response.json({ id }, { status: 202, headers: noStore });
  });
}
