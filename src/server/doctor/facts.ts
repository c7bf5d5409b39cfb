import 'server-only';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, constants, open, statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { databaseFacts, mailQueueFacts, type DatabaseFacts, type MailQueueFacts } from '../db/doctor-queries';
import { liveInstances, type InstanceRow } from '../db/instances';
import { lookupBackupStatus, type BackupStatus } from '../db/lookups';
import { env, type Env } from '../env';
import { readinessReport, type ReadinessReport } from '../health';
import { verifyMailServer } from '../mail';
import { memoryLimitBytes } from '../memory-limit';
import { metrics } from '../metrics';
import { probeCertificate, type CertificateInfo } from '../tls-expiry';

// Everything `tika doctor` looks at, gathered in parallel, each part bounded in time and never throwing: a part
// that could not be read is an Outcome with the error, which the check turns into a finding with that evidence.

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

const TIMEOUT_MS = 5000;

async function attempt<T>(work: () => Promise<T>, timeoutMs = TIMEOUT_MS): Promise<Outcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const value = await Promise.race([
      work(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Any HTTP answer at all means the service is there (401, 404 and 405 included). */
async function reachable(url: string, init: RequestInit = {}): Promise<Outcome<{ status: number }>> {
  return attempt(async () => {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'manual' });
    await response.arrayBuffer().catch(() => undefined);
    return { status: response.status };
  });
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as T;
}

export interface DiskFacts {
  label: string;
  path: string;
  freeBytes: number;
  totalBytes: number;
}

async function disk(label: string, target: string): Promise<Outcome<DiskFacts>> {
  return attempt(async () => {
    const s = await statfs(target);
    return { label, path: target, freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  });
}

export interface BackupFileFacts {
  file: string;
  path: string;
  sha256: string;
  /** custom-format pg_dump ("PGDMP"), or encrypted (gpg / openssl), or unknown */
  format: 'pg_dump' | 'encrypted' | 'unknown';
}

async function backupFile(dir: string, file: string): Promise<BackupFileFacts> {
  const full = path.join(dir, path.basename(file));
  const handle = await open(full, 'r');
  const head = Buffer.alloc(8);
  try {
    await handle.read(head, 0, 8, 0);
  } finally {
    await handle.close();
  }
  const hash = createHash('sha256');
  await new Promise<void>((resolve, reject) =>
    createReadStream(full)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve())
      .on('error', reject),
  );
  const format =
    head.subarray(0, 5).toString('latin1') === 'PGDMP'
      ? 'pg_dump'
      : /\.(gpg|enc)$/.test(file)
        ? 'encrypted'
        : 'unknown';
  return { file, path: full, sha256: hash.digest('hex'), format };
}

export interface AlertmanagerFacts {
  receivers: { name: string; integrations: string[] }[];
}

/** Receivers and their integrations, read from the configuration Alertmanager reports (secrets masked there). */
function receiversFromConfig(original: string): AlertmanagerFacts['receivers'] {
  const section = original.split(/^receivers:\s*$/m)[1] ?? '';
  const body = section.split(/^[a-z_]+:\s*$/m)[0] ?? section;
  return body
    .split(/^\s*- name:\s*/m)
    .slice(1)
    .map((chunk) => ({
      name: chunk
        .split('\n')[0]!
        .trim()
        .replace(/^["']|["']$/g, ''),
      integrations: [...chunk.matchAll(/^\s*([a-z]+)_configs:/gm)].map((m) => m[1]!),
    }));
}

export interface PrometheusFacts {
  /** Tika alert and recording rules Prometheus has loaded. */
  rules: string[];
  /** Tika instances Prometheus currently scrapes (series of health_ready). */
  scrapedInstances: number;
}

export interface JobsFacts {
  /** The jobs engine exports its gauges here once it runs in this process. */
  available: boolean;
  queued: number;
  dead: number;
  oldestReadySeconds: number;
}

async function jobsFacts(): Promise<JobsFacts> {
  const registry = metrics().registry;
  const depth = registry.getSingleMetric('jobs_queue_depth');
  const oldest = registry.getSingleMetric('jobs_oldest_ready_age_seconds');
  if (!depth || !oldest) return { available: false, queued: 0, dead: 0, oldestReadySeconds: 0 };
  const sum = (values: { value: number; labels: Partial<Record<string, string | number>> }[], state: string) =>
    values.filter((v) => v.labels.state === state).reduce((total, v) => total + v.value, 0);
  const depthValues = (await depth.get()).values;
  const oldestValues = (await oldest.get()).values;
  return {
    available: true,
    queued: sum(depthValues, 'queued'),
    dead: sum(depthValues, 'dead'),
    oldestReadySeconds: Math.max(0, ...oldestValues.map((v) => v.value)),
  };
}

export interface DoctorFacts {
  checkedAt: Date;
  config: Env;
  version: string | null;
  process: { node: string; uid: number | null; rssBytes: number; memoryLimitBytes: number; appDir: string };
  appDirWritable: boolean;
  embeddedDataDir: string | null;
  database: Outcome<DatabaseFacts>;
  readiness: Outcome<ReadinessReport>;
  instances: Outcome<InstanceRow[]>;
  backups: Outcome<BackupStatus>;
  backupFile: Outcome<BackupFileFacts> | null;
  disks: Outcome<DiskFacts>[];
  certificate: Outcome<CertificateInfo> | null;
  sentry: Outcome<{ status: number }> | null;
  otel: Outcome<{ status: number }> | null;
  prometheus: Outcome<PrometheusFacts> | null;
  alertmanager: Outcome<AlertmanagerFacts> | null;
  mailQueue: Outcome<MailQueueFacts>;
  mailServer: Outcome<true> | null;
  jobs: Outcome<JobsFacts>;
}

function embeddedDataDir(config: Env): string | null {
  const driver = config.DATABASE_DRIVER ?? (config.DATABASE_URL ? 'pg' : 'pglite');
  if (driver !== 'pglite') return null;
  const dir = config.PGLITE_DATA_DIR ?? path.join(process.cwd(), '.data', 'pglite');
  return dir.startsWith('memory://') ? null : dir;
}

export async function gatherFacts(): Promise<DoctorFacts> {
  const config = env();
  const dataDir = embeddedDataDir(config);
  const appUrl = config.APP_URL;
  const backups = attempt(lookupBackupStatus);
  const [
    database,
    readiness,
    instances,
    backupStatus,
    disks,
    certificate,
    sentry,
    otel,
    prometheus,
    alertmanager,
    mailQueue,
    mailServer,
    jobs,
    appDirWritable,
  ] = await Promise.all([
    attempt(databaseFacts),
    attempt(readinessReport),
    attempt(() => liveInstances(90)),
    backups,
    Promise.all([
      disk(dataDir ? 'embedded database' : 'application', dataDir ? path.dirname(dataDir) : process.cwd()),
      ...(config.BACKUP_DIR ? [disk('backups', config.BACKUP_DIR)] : []),
      disk('temporary files', os.tmpdir()),
    ]),
    appUrl?.startsWith('https:')
      ? attempt(() => probeCertificate(appUrl, { connectTo: config.TLS_PROBE_ADDRESS }))
      : Promise.resolve(null),
    config.SENTRY_DSN ? reachable(new URL(config.SENTRY_DSN).origin) : Promise.resolve(null),
    config.OTEL_EXPORTER_OTLP_ENDPOINT
      ? reachable(`${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces`, { method: 'GET' })
      : Promise.resolve(null),
    config.PROMETHEUS_URL
      ? attempt(async () => {
          const base = config.PROMETHEUS_URL!.replace(/\/$/, '');
          const rules = await getJson<{ data: { groups: { rules: { name: string }[] }[] } }>(`${base}/api/v1/rules`);
          const scraped = await getJson<{ data: { result: { value: [number, string] }[] } }>(
            `${base}/api/v1/query?query=${encodeURIComponent('count(health_ready)')}`,
          );
          return {
            rules: rules.data.groups.flatMap((g) => g.rules.map((r) => r.name)),
            scrapedInstances: Number(scraped.data.result[0]?.value[1] ?? 0),
          };
        })
      : Promise.resolve(null),
    config.ALERTMANAGER_URL
      ? attempt(async () => {
          const status = await getJson<{ config: { original: string } }>(
            `${config.ALERTMANAGER_URL!.replace(/\/$/, '')}/api/v2/status`,
          );
          return { receivers: receiversFromConfig(status.config.original) };
        })
      : Promise.resolve(null),
    attempt(mailQueueFacts),
    config.mailTransport === 'smtp' && config.SMTP_URL
      ? attempt(() => verifyMailServer(config.SMTP_URL!).then(() => true as const), 15_000)
      : Promise.resolve(null),
    attempt(jobsFacts),
    access(process.cwd(), constants.W_OK).then(
      () => true,
      () => false,
    ),
  ]);
  const status = backupStatus.ok ? backupStatus.value : null;
  const backupFileFacts =
    config.BACKUP_DIR && status?.lastSuccessFile
      ? await attempt(() => backupFile(config.BACKUP_DIR!, status.lastSuccessFile!), 60_000)
      : null;
  return {
    checkedAt: new Date(),
    config,
    version: config.TIKA_VERSION ?? null,
    process: {
      node: process.versions.node,
      uid: process.getuid?.() ?? null,
      rssBytes: process.memoryUsage().rss,
      memoryLimitBytes: memoryLimitBytes(),
      appDir: process.cwd(),
    },
    appDirWritable,
    embeddedDataDir: dataDir,
    database,
    readiness,
    instances,
    backups: backupStatus,
    backupFile: backupFileFacts,
    disks,
    certificate,
    sentry,
    otel,
    prometheus,
    alertmanager,
    mailQueue,
    mailServer,
    jobs,
  };
}

export { receiversFromConfig as _receiversFromConfig };
