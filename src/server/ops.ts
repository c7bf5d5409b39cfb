import 'server-only';
import os from 'node:os';
import { instanceAdminOf } from './auth/instance-admin';
import { liveInstances } from './db/instances';
import { isDoctorToken } from './doctor/token';
import { AppError } from './errors';
import { env } from './env';
import { errorResponse } from './http/handler';
import { observe } from './http/observe';
import { requestIdFrom } from './http/request-meta';
import { instanceId } from './heartbeat';
import type { OpsOverview } from '@/shared/ops-overview';
import { opsHistory, sampleMs } from './ops-history';

// What the operations page shows besides the doctor: this instance's recent metrics, the live instances, and
// where the operator's own tools are.

/** Tika's dashboard in Grafana (helm/tika/dashboards/tika.json, uid tika-overview). */
export const GRAFANA_DASHBOARD_PATH = '/d/tika-overview';

export async function opsOverview(): Promise<OpsOverview> {
  const config = env();
  const instances = await liveInstances(90).catch(() => null);
  return {
    instance: { id: instanceId(), hostname: os.hostname(), version: config.TIKA_VERSION ?? null },
    sampleSeconds: sampleMs() / 1000,
    points: opsHistory(),
    instances:
      instances?.map(({ id, hostname, version, startedAt, lastSeenAt }) => ({
        id,
        hostname,
        version,
        startedAt: startedAt.toISOString(),
        lastSeenAt: lastSeenAt.toISOString(),
      })) ?? null,
    links: {
      grafana: config.GRAFANA_URL ? `${config.GRAFANA_URL.replace(/\/$/, '')}${GRAFANA_DASHBOARD_PATH}` : null,
    },
  };
}

/**
 * An /api/ops endpoint: for the doctor token (x-tika-doctor-token) or an instance admin's session; anyone else gets
 * a problem+json 404, as if it did not exist (the answers name hosts, versions and weaknesses). Observed like the
 * API: one log line, metrics by route, a request id.
 */
export function opsEndpoint(route: string, work: () => Promise<Response>): (request: Request) => Promise<Response> {
  return (request) => {
    const requestId = requestIdFrom(request.headers);
    return observe(
      request,
      requestId,
      { route, method: request.method },
      async () => {
        const allowed = isDoctorToken(request.headers.get('x-tika-doctor-token')) || (await instanceAdminOf(request));
        if (!allowed) throw new AppError('NOT_FOUND', 'Not found');
        const response = await work();
        response.headers.set('cache-control', 'no-store');
        return response;
      },
      (error, scope) => errorResponse(error, requestId, undefined, scope),
    );
  };
}

/** GET /api/ops/history: this instance's recent metrics, the live instances and the Grafana link. */
export const opsHistoryResponse = opsEndpoint('/api/ops/history', async () => Response.json(await opsOverview()));
