import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { root } from '../support/procs';
import { faultAppEnv, type FaultPostgres } from '../support/faults-env';

// Shared by the job proofs: their scale, the app environment they run the production server with, and the
// figures file bench/results/jobs.json.

export const scale = process.env.TIKA_JOBS_SCALE === 'full' ? 'full' : 'short';

/** The production server on the throwaway database, its job system tuned to find killed workers quickly. */
export function jobsAppEnv(db: FaultPostgres, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...faultAppEnv(db),
    METRICS_TOKEN: 'jobs-suite-metrics-token-0123456789',
    JOBS_POLL_INTERVAL_MS: '500',
    JOBS_SUPERVISE_INTERVAL_SECONDS: '5',
    ...extra,
  };
}

const resultsFile = path.join(root, 'bench', 'results', 'jobs.json');

/** Merges one proof's figures into bench/results/jobs.json. */
export function recordJobs(section: string, figures: Record<string, unknown>): void {
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  const earlier = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {};
  writeFileSync(
    resultsFile,
    `${JSON.stringify({ ...earlier, suite: 'jobs', scale, finishedAt: new Date().toISOString(), [section]: figures }, null, 2)}\n`,
  );
}

/** A Prometheus text sample's value (0 when absent). */
export function sample(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const body = line.slice(name.length + 1, line.indexOf('}'));
    const found = Object.fromEntries(
      body.split(',').map((pair) => {
        const [key, value] = pair.split('=');
        return [key, JSON.parse(value!)];
      }),
    );
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(line.slice(line.indexOf('}') + 1));
  }
  return 0;
}
