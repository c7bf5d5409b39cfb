import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './server';

// Bug 7 of issue 18: the README's curl walkthrough could not be run twice (the second sign-up of the same address
// failed, then every call answered 401), did not say where the invitee's viewer.jar comes from, and never named
// x-tika-workspace. The block is run here as a reader would paste it — twice — against a fresh server; curl's -f
// makes any answer ≥ 400 fail the run.
let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
}, 120_000);
afterAll(() => server?.stop());

function walkthrough(): string {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Walk through it with curl'));
  const block = /```bash\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('no bash block under "Walk through it with curl"');
  return block;
}

describe('the README walkthrough', () => {
  it('runs as written, twice in a row, and the viewer is refused a change', () => {
    const script = walkthrough().replace('B=http://localhost:3000', `B=${server.url}`);
    expect(script).toContain('x-tika-workspace');
    const dir = mkdtempSync(path.join(tmpdir(), 'tika-readme-'));
    try {
      for (const run of [1, 2]) {
        const result = spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
          cwd: dir,
          encoding: 'utf8',
          timeout: 120_000,
        });
        expect(result.status, `run ${run}:\n${result.stdout}\n${result.stderr}`).toBe(0);
        expect(result.stdout).toContain('a viewer creating a ticket: 403');
        expect(result.stdout).toMatch(/idempotent-replayed: true/i);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
