import 'server-only';
import { env } from '../env';

// Standalone builds chdir into the output folder; the migrations are traced there by next.config.ts.
export function migrationsFolder(): string {
  return env().migrationsDir;
}
