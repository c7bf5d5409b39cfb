import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { root } from '../support/procs';
import { aggregateCounts, type Counts } from '../support/security-results';
import { startSecurityStack } from '../support/security-stack';

// One stack for the whole suite (starting PostgreSQL, Redis, two replicas and Caddy once keeps it within minutes),
// shared with the test files through provide/inject; stopped and summarised in the teardown, also after failures.
export default async function setup(project: TestProject) {
  const running = await startSecurityStack();
  project.provide('securityStack', running.stack);
  const started = Date.now();
  return async () => {
    try {
      const { perFile, missing } = aggregateCounts(running.stack.countsDir);
      const sum = (key: string) =>
        Object.values(perFile).reduce((total, counts: Counts) => total + (counts[key] ?? 0), 0);
      const figures: Record<string, number> = {
        checks: sum('checks'),
        checksPassed: sum('passed'),
        failedTests: sum('failedTests'),
        pagesChecked: sum('pages'),
        pageTypes: sum('pageTypes'),
        xssPayloads: sum('xssPayloads'),
        xssFieldsStored: sum('xssFieldsStored'),
        inlineScriptAllowedByCsp: sum('inlineScriptAllowedByCsp'),
        xssPageVisits: sum('xssPageVisits'),
        sqlPayloads: sum('sqlPayloads'),
        sqlFieldsChecked: sum('sqlFields'),
        csrfRequests: sum('csrfRequests'),
        bruteForceAttempts: sum('bruteForceAttempts'),
        plantedSecrets: sum('plantedSecrets'),
        logLinesScanned: sum('logLines'),
        durationSeconds: Math.round((Date.now() - started) / 1000),
      };
      let commit = 'unknown';
      try {
        commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
      } catch {
        // Not a git checkout (e.g. an unpacked bundle): the summary says so.
      }
      const results = path.join(root, 'bench', 'results');
      mkdirSync(results, { recursive: true });
      const summary = {
        suite: 'security',
        finishedAt: new Date().toISOString(),
        commit,
        scale: process.env.SECURITY_SCALE === 'full' ? 'full' : 'short',
        figures,
        perFile,
        missingFiles: missing,
        ok: missing.length === 0 && figures.failedTests === 0,
      };
      writeFileSync(path.join(results, 'security.json'), `${JSON.stringify(summary, null, 2)}\n`);
    } finally {
      await running.stop();
    }
  };
}
