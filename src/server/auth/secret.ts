import 'server-only';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { env } from '../env';

/**
 * BETTER_AUTH_SECRET signs sessions. Servers must set it (the env module enforces that outside embedded mode);
 * the embedded single-machine mode generates one on first start and keeps it next to the data, so that
 * `npm run start:local` needs no setup and sessions survive restarts.
 */
export function authSecret(): string {
  const { BETTER_AUTH_SECRET: configured, pgliteDataDir: dataDir } = env();
  if (configured) return configured;
  if (dataDir.startsWith('memory://')) return randomBytes(32).toString('base64url');
  const file = path.join(path.dirname(dataDir), 'auth-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
