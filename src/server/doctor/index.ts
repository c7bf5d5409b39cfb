import { logger } from '../logger';
import { runDoctor } from './run';
import { isDoctorToken } from './token';

export { runDoctor, evaluate, STAGES, ITEMS, type DoctorReport, type StageResult, type ItemResult } from './run';
export { doctorToken } from './token';

/**
 * GET /api/ops/doctor. Without the doctor token (x-tika-doctor-token) it is a 404: the report names hosts,
 * versions and weaknesses, and is nobody else's business.
 */
export async function doctorResponse(request: Request): Promise<Response> {
  if (!isDoctorToken(request.headers.get('x-tika-doctor-token')))
    return new Response('Not found\n', { status: 404, headers: { 'content-type': 'text/plain' } });
  const started = performance.now();
  const report = await runDoctor();
  logger.info(
    { meets: report.meets?.id ?? null, counts: report.counts, ms: Math.round(performance.now() - started) },
    'doctor report',
  );
  return Response.json(report, { headers: { 'cache-control': 'no-store' } });
}
