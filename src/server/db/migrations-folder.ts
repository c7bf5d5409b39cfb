import path from 'node:path';

// Standalone builds chdir into the output folder; the migrations are traced there by next.config.ts.
export function migrationsFolder(): string {
  return process.env.MIGRATIONS_DIR ?? path.join(process.cwd(), 'drizzle');
}
