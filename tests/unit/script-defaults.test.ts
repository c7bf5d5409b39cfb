import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_APP_URL, DEFAULT_MIGRATIONS_DIR, DEFAULT_PGLITE_DATA_DIR } from '../../src/server/env';

// The .mjs scripts run before the app, and in the production image without a TypeScript toolchain, so they
// cannot import src/server/env.ts; they read the few settings they need themselves. Their defaults must be the
// env module's: this fails when one side changes without the other.
const script = (name: string) => readFileSync(`scripts/${name}`, 'utf8');

describe('scripts share the env module defaults', () => {
  it('embedded data directory and migrations folder', () => {
    const [dir, sub] = DEFAULT_PGLITE_DATA_DIR.split('/');
    for (const name of ['migrate.mjs', 'start-local.mjs']) {
      expect(script(name), name).toContain(`'${dir}', '${sub}'`);
    }
    expect(script('migrate.mjs')).toContain(
      `process.env.MIGRATIONS_DIR ?? path.join(root, '${DEFAULT_MIGRATIONS_DIR}')`,
    );
  });

  it('public URL', () => {
    expect(script('create-owner.mjs')).toContain(`process.env.APP_URL ?? '${DEFAULT_APP_URL}'`);
  });
});
