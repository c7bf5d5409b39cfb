#!/usr/bin/env node
// tika doctor: where this deployment stands on the ops guide's staged checklist (MVP → Team → SaaS →
// Enterprise), each requirement pass / warn / fail with its evidence and a one-line fix. Plain JavaScript: it
// runs in the production image, where there is no TypeScript toolchain.
//
//   npm run doctor                         next to a running Tika (embedded default: `npm start`)
//   node scripts/doctor.mjs                in the image: docker compose exec app node scripts/doctor.mjs
//                                          kubectl -n tika exec deploy/tika -- node scripts/doctor.mjs
//   node scripts/doctor.mjs --json         the report as JSON, for machines
//   node scripts/doctor.mjs --url http://127.0.0.1:3000    another address of the server (default: PORT on
//                                          127.0.0.1, or TIKA_URL)
//   node scripts/doctor.mjs --stage team   exit non-zero only for failures up to that stage (a CI or deploy gate)
// Exit status: 0 nothing fails (warnings allowed), 1 something fails, 2 the server could not be asked.
//
// The checks run inside the server (they use its configuration, its database session, its view of Redis,
// Prometheus, Alertmanager, SMTP …); this script asks it for the report with a token derived from the session
// secret, which only something on the same machine or in the same container can read: BETTER_AUTH_SECRET, or the
// embedded mode's generated secret file next to the data.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const json = args.includes('--json');
const urlArg = args.includes('--url') ? args[args.indexOf('--url') + 1] : undefined;
const gate = args.includes('--stage') ? args[args.indexOf('--stage') + 1] : undefined;
if (args.includes('-h') || args.includes('--help')) {
  console.log(
    readFileSync(new URL(import.meta.url), 'utf8')
      .split('\n')
      .slice(1, 18)
      .join('\n')
      .replace(/^\/\/ ?/gm, ''),
  );
  process.exit(0);
}

function secret() {
  if (process.env.BETTER_AUTH_SECRET) return process.env.BETTER_AUTH_SECRET;
  const dataDir = process.env.PGLITE_DATA_DIR ?? path.join(process.cwd(), '.data', 'pglite');
  const file = path.join(path.dirname(dataDir), 'auth-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
}

/**
 * @param {string} message
 * @param {string} hint
 * @returns {never}
 */
function unreachable(message, hint) {
  if (json) console.log(JSON.stringify({ error: message, hint }, null, 2));
  else console.error(`tika doctor: ${message}\n  ${hint}`);
  process.exit(2);
}

const base = (urlArg ?? process.env.TIKA_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`).replace(/\/$/, '');
const key = secret();
if (!key)
  unreachable(
    'no session secret to authenticate with',
    'Run it where Tika runs, with its environment (BETTER_AUTH_SECRET), or from the directory holding .data/',
  );
const token = createHmac('sha256', key).update('tika doctor v1').digest('base64url');

// The answer's shape: DoctorReport in src/server/doctor/run.ts (the part this script prints).
/** @typedef {'pass' | 'warn' | 'fail'} Status */
/** @typedef {{ id: string, title: string, guide: string }} Stage */
/**
 * @typedef {Stage & {
 *   met: boolean,
 *   counts: Record<Status, number>,
 *   items: { title: string, guide: string, status: Status, evidence: string, fix: string }[],
 * }} StageResult
 */
/**
 * @typedef {{
 *   checkedAt: string,
 *   version: string | null,
 *   instance: { hostname: string, node: string },
 *   meets: Stage | null,
 *   next: { stage: Stage, blocking: { title: string, fix: string }[] } | null,
 *   stages: StageResult[],
 * }} DoctorReport
 */

/** @type {DoctorReport} */
let report;
try {
  const response = await fetch(`${base}/api/ops/doctor`, {
    headers: { 'x-tika-doctor-token': token },
    signal: globalThis.AbortSignal.timeout(120_000),
  });
  if (response.status === 404)
    unreachable(
      `${base} refused the doctor token (404)`,
      'The secret here differs from the server’s: run the doctor with the same BETTER_AUTH_SECRET / data directory',
    );
  if (!response.ok)
    unreachable(`${base}/api/ops/doctor answered ${response.status}`, (await response.text()).slice(0, 300));
  report = /** @type {DoctorReport} */ (await response.json());
} catch (error) {
  const cause = /** @type {{ code?: string } | undefined} */ (error instanceof Error ? error.cause : undefined);
  unreachable(
    `Tika does not answer at ${base} (${cause?.code ?? (error instanceof Error ? error.message : String(error))})`,
    'Is it running? compose: docker compose ps / logs app; Kubernetes: kubectl get pods; runbook docs/runbooks/tika-down.md',
  );
}

if (json) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const tty = process.stdout.isTTY && !process.env.NO_COLOR;
  /** @type {(code: number, text: string) => string} */
  const paint = (code, text) => (tty ? `\u001b[${code}m${text}\u001b[0m` : text);
  const mark = { pass: paint(32, 'PASS'), warn: paint(33, 'WARN'), fail: paint(31, 'FAIL') };
  const width = process.stdout.columns && process.stdout.columns > 80 ? process.stdout.columns : 120;
  const out = [];
  out.push(
    `Tika doctor — ${report.version ? `Tika ${report.version}` : 'Tika'} on ${report.instance.hostname} (Node.js ${report.instance.node}), ${report.checkedAt}`,
  );
  out.push('Checklist: the ops guide’s stages MVP → Team → SaaS → Enterprise (§ = its sections).');
  for (const stage of report.stages) {
    const c = stage.counts;
    out.push('');
    out.push(
      `${paint(1, stage.title)} ${stage.met ? paint(32, 'met') : paint(31, 'not met')} — ${c.pass} pass, ${c.warn} warn, ${c.fail} fail (${stage.guide})`,
    );
    for (const item of stage.items) {
      const head = `  ${mark[item.status]}  ${item.title} [${item.guide}]`;
      out.push(head);
      const evidence = `        ${item.evidence}`;
      out.push(evidence.length > width ? `${evidence.slice(0, width - 1)}…` : evidence);
      if (item.status !== 'pass' && item.fix) out.push(`        fix: ${item.fix}`);
    }
  }
  out.push('');
  out.push(
    report.meets
      ? paint(1, `This deployment meets ${report.meets.title}.`)
      : paint(1, 'This deployment does not meet MVP yet.'),
  );
  if (report.next) {
    if (report.next.blocking.length) {
      out.push(`${report.next.stage.title} needs:`);
      for (const b of report.next.blocking) out.push(`  - ${b.title}: ${b.fix}`);
    }
  } else {
    out.push('Every stage of the guide is met.');
  }
  console.log(out.join('\n'));
}
// With --stage, only failures of that stage and the ones before it count.
const upTo = gate ? report.stages.findIndex((s) => s.id === gate) : report.stages.length - 1;
if (upTo < 0) {
  console.error(`tika doctor: --stage must be one of ${report.stages.map((s) => s.id).join(', ')}`);
  process.exit(2);
}
const failing = report.stages.slice(0, upTo + 1).reduce((n, s) => n + s.counts.fail, 0);
process.exit(failing > 0 ? 1 : 0);
