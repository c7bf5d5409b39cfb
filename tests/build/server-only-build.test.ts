import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';

// The other half of tests/unit/server-only.test.ts (which says which files carry `import 'server-only'`): the marker
// only matters if `next build` refuses a client component that imports a marked file. So this builds, with the
// project's own Next, a two-page app whose client component imports src/server/errors.ts — a server file with no
// import but the marker, the kind of thing a form would want for its error codes. It must fail with Next's
// 'server-only' error naming that file. It builds if the marker is taken out of errors.ts, or if the guard is
// switched off (e.g. 'server-only' aliased to its empty entry for the browser), and this test then fails.
// The fixture lives in the repository (Turbopack reads nothing outside its root) and is removed afterwards.
const root = path.resolve(import.meta.dirname, '..', '..');
const fixture = mkdtempSync(path.join(root, '.server-only-guard-'));
afterAll(() => rmSync(fixture, { recursive: true, force: true }));

function write(file: string, text: string) {
  mkdirSync(path.dirname(path.join(fixture, file)), { recursive: true });
  writeFileSync(path.join(fixture, file), `${text.trim()}\n`);
}

it('next build refuses a client component that imports a server file marked server-only', () => {
  // .jsx, so Next does not set up TypeScript for the fixture; the imported file is the real .ts one.
  write(
    'app/layout.jsx',
    `export default function RootLayout({ children }) {
  return (<html lang="en"><body>{children}</body></html>);
}`,
  );
  write('app/page.jsx', `import Codes from './codes';\nexport default function Page() { return <Codes />; }`);
  write(
    'app/codes.jsx',
    `'use client';
import { errorStatus } from '../../src/server/errors';
export default function Codes() { return <p>{Object.keys(errorStatus).length} error codes</p>; }`,
  );
  write('next.config.mjs', `export default { turbopack: { root: ${JSON.stringify(root)} } };`);

  const build = spawnSync(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build', fixture], {
    cwd: fixture,
    encoding: 'utf8',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    timeout: 280_000,
  });
  const output = `${build.stdout}\n${build.stderr}`;
  expect(build.error, output).toBeUndefined();
  expect(build.status, output).not.toBe(0);
  expect(output).toContain("'server-only' cannot be imported from a Client Component module");
  // Named where it is marked, and reached from the fixture's client component.
  expect(output).toContain('./src/server/errors.ts:');
  expect(output).toMatch(/app\/codes\.jsx \[Client Component Browser\]/);
}, 300_000);
