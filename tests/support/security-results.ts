import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, inject } from 'vitest';

// Each security test file counts what it checked; the global teardown adds them up into
// bench/results/security.json. A file whose tests failed reports it, so `ok` is false then.

export interface Counts {
  checks: number;
  passed: number;
  failedTests: number;
  [figure: string]: number;
}

/** Counters for one test file. `check()` counts one assertion group: call it right after the assertions pass. */
export function securityCounts(file: string) {
  const counts: Counts = { checks: 0, passed: 0, failedTests: 0 };
  afterEach((context) => {
    if (context.task.result?.state === 'fail') counts.failedTests++;
  });
  afterAll(() => {
    writeFileSync(path.join(inject('securityStack').countsDir, `${file}.json`), JSON.stringify(counts));
  });
  return {
    counts,
    check(n = 1) {
      counts.checks += n;
      counts.passed += n;
    },
    add(figure: string, n = 1) {
      counts[figure] = (counts[figure] ?? 0) + n;
    },
  };
}

export const EXPECTED_FILES = [
  'brute-force',
  'cookies-tls',
  'csrf',
  'headers',
  'xss',
  'sql-injection',
  'constant-time',
  'secrets-in-logs',
  // Issue #12: the findings of the outside attack, one file each.
  'token-privilege',
  'workspace-slug',
  'redirects',
  'invitation-email',
  'auth-errors',
  'sign-up-enumeration',
  'client-ip',
  'database-defence',
];

export function aggregateCounts(countsDir: string): { perFile: Record<string, Counts>; missing: string[] } {
  const perFile: Record<string, Counts> = {};
  for (const name of readdirSync(countsDir))
    perFile[name.replace(/\.json$/, '')] = JSON.parse(readFileSync(path.join(countsDir, name), 'utf8')) as Counts;
  return { perFile, missing: EXPECTED_FILES.filter((f) => !perFile[f]) };
}
