import 'server-only';
import { logger } from '../logger';
import { opsEndpoint } from '../ops';
import { runDoctor } from './run';

export { runDoctor, evaluate, STAGES, ITEMS, type DoctorReport, type StageResult, type ItemResult } from './run';
export { doctorToken } from './token';

/**
 * GET /api/ops/doctor, for the doctor token (x-tika-doctor-token) or an instance admin's session; anyone else gets
 * a 404: the report names hosts, versions and weaknesses, and is nobody else's business.
 */
export const doctorResponse = opsEndpoint('/api/ops/doctor', async () => {
  const started = performance.now();
  const report = await runDoctor();
  logger.info(
    { meets: report.meets?.id ?? null, counts: report.counts, ms: Math.round(performance.now() - started) },
    'doctor report',
  );
  return Response.json(report);
});
