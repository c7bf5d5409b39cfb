import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/server/db/schema/index.ts',
  out: './drizzle',
  entities: { roles: { provider: '', exclude: ['tika_app', 'tika_lookup', 'tika_housekeeping', 'tika_jobs'] } },
  dbCredentials: { url: process.env.DATABASE_OWNER_URL ?? 'postgres://localhost/tika' },
});
