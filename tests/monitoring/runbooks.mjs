#!/usr/bin/env node
// Runs the runbooks' commands against a live compose stack, so a runbook cannot drift from the product: every
// command in a ```bash block of docs/runbooks/*.md that an operator of the compose install would type —
// `docker compose -f docker-compose.production.yml …`, `scripts/backup.sh`, `docker stats …`, `echo | openssl …`
// — is executed with the stack's project and env file, and must succeed. Kubernetes (kubectl, argocd, helm) and
// lines with <placeholders> cannot run here; they are listed as such.
//
//   node tests/monitoring/runbooks.mjs --compose "docker compose -p P -f … --env-file …" --https-port N
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
/** @param {string} name */
const option = (name) => args[args.indexOf(name) + 1];
const compose = option('--compose');
const httpsPort = option('--https-port');
if (!compose || !httpsPort) {
  console.error('usage: runbooks.mjs --compose "<docker compose command with -p/-f/--env-file>" --https-port N');
  process.exit(2);
}
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const dir = path.join(root, 'docs', 'runbooks');

/** @param {string} markdown */
function commands(markdown) {
  const lines = [];
  for (const block of markdown.matchAll(/```bash\n([\s\S]*?)```/g)) {
    let pending = '';
    // The block's text: the pattern's one group, always there when it matched.
    for (const raw of /** @type {string} */ (block[1]).split('\n')) {
      const line = raw.replace(/\s+#\s.*$/, '').trimEnd(); // trailing comments
      if (!line.trim() || line.trim().startsWith('#')) continue;
      pending += line.endsWith('\\') ? `${line.slice(0, -1)} ` : line;
      if (!line.endsWith('\\')) {
        lines.push(pending.trim());
        pending = '';
      }
    }
  }
  return lines;
}

const results = [];
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.md'))
  .sort()) {
  for (const command of commands(readFileSync(path.join(dir, file), 'utf8'))) {
    const kind = /^(kubectl|argocd|helm|neonctl)\b/.test(command)
      ? 'kubernetes / vendor CLI: runs only there'
      : /<[^>]+>/.test(command)
        ? 'has a placeholder to fill in'
        : /^(docker compose -f docker-compose\.production\.yml|scripts\/backup\.sh|docker stats|echo \| openssl)/.test(
              command,
            )
          ? 'run'
          : 'not a compose-install command';
    if (kind !== 'run') {
      results.push({ file, command, status: 'skipped', note: kind });
      continue;
    }
    const line = command
      // What an operator types in a terminal; here stdin is not one, so exec gets -T.
      .replaceAll('docker compose -f docker-compose.production.yml exec ', `${compose} exec -T `)
      .replaceAll('docker compose -f docker-compose.production.yml', compose)
      .replaceAll('tika.example.com:443', `127.0.0.1:${httpsPort}`)
      .replaceAll('tika.example.com', 'localhost');
    // The exit status of the command itself, not of a grep or tail it is piped into.
    const run = spawnSync('bash', ['-c', `${line}; exit \${PIPESTATUS[0]}`], {
      cwd: root,
      encoding: 'utf8',
      timeout: 180_000,
    });
    // The doctor exits 1 when it has findings: the command worked. 2 would mean it could not ask the server.
    const worked = run.status === 0 || (run.status === 1 && command.includes('scripts/doctor.mjs'));
    results.push({
      file,
      command,
      status: worked ? 'ok' : 'FAILED',
      note: worked
        ? `${(run.stdout.trim().split('\n').pop() ?? '').slice(0, 90)}`
        : `${run.stderr || run.stdout}`.slice(0, 300),
    });
  }
}
for (const r of results)
  console.log(
    `${r.status.padEnd(7)} ${r.file.padEnd(24)} ${r.command.slice(0, 110)}${r.note ? `\n        → ${r.note.replaceAll('\n', ' ')}` : ''}`,
  );
const ran = results.filter((r) => r.status !== 'skipped');
const failed = results.filter((r) => r.status === 'FAILED');
console.log(
  `\nrunbook commands: ${ran.length} run, ${ran.length - failed.length} ok, ${failed.length} failed, ${results.length - ran.length} skipped (listed above)`,
);
process.exit(failed.length ? 1 : 0);
