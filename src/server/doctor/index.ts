import { instanceAdminOf } from '../auth/instance-admin';
import { logger } from '../logger';
import { runDoctor } from './run';
import { isDoctorToken } from './token';

export { runDoctor, evaluate, STAGES, ITEMS, type DoctorReport, type StageResult, type ItemResult } from './run';
export { doctorToken } from './token';

/**
 * GET /api/ops/doctor, for the doctor token (x-tika-doctor-token) or an instance admin's session; anyone else gets
 * a 404: the report names hosts, versions and weaknesses, and is nobody else's business.
 */
export async function doctorResponse(request: Request): Promise<Response> {
  const allowed = isDoctorToken(request.headers.get('x-tika-doctor-token')) || (await instanceAdminOf(request));
  if (!allowed) return new Response('Not found\n', { status: 404, headers: { 'content-type': 'text/plain' } });
  const started = performance.now();
  const report = await runDoctor();
  logger.info(
    { meets: report.meets?.id ?? null, counts: report.counts, ms: Math.round(performance.now() - started) },
    'doctor report',
  );
  return Response.json(report, { headers: { 'cache-control': 'no-store' } });
}
