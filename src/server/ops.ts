import os from 'node:os';
import { instanceAdminOf } from './auth/instance-admin';
import { liveInstances, type InstanceRow } from './db/instances';
import { isDoctorToken } from './doctor/token';
import { env } from './env';
import { instanceId } from './heartbeat';
import { opsHistory, sampleMs, type OpsPoint } from './ops-history';

// What the operations page shows besides the doctor: this instance's recent metrics, the live instances, and
// where the operator's own tools are.

/** Tika's dashboard in Grafana (helm/tika/dashboards/tika.json, uid tika-overview). */
export const GRAFANA_DASHBOARD_PATH = '/d/tika-overview';

export interface OpsOverview {
  instance: { id: string; hostname: string; version: string | null };
  sampleSeconds: number;
  points: OpsPoint[];
  instances: Pick<InstanceRow, 'id' | 'hostname' | 'version' | 'startedAt' | 'lastSeenAt'>[] | null;
  /** Browser-facing links (PROMETHEUS_URL / ALERTMANAGER_URL are addresses the server uses, not links). */
  links: { grafana: string | null };
}

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
        startedAt,
        lastSeenAt,
      })) ?? null,
    links: {
      grafana: config.GRAFANA_URL ? `${config.GRAFANA_URL.replace(/\/$/, '')}${GRAFANA_DASHBOARD_PATH}` : null,
    },
  };
}

export async function opsHistoryResponse(request: Request): Promise<Response> {
  const allowed = isDoctorToken(request.headers.get('x-tika-doctor-token')) || (await instanceAdminOf(request));
  if (!allowed) return new Response('Not found\n', { status: 404, headers: { 'content-type': 'text/plain' } });
  return Response.json(await opsOverview(), { headers: { 'cache-control': 'no-store' } });
}
