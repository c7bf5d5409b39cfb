// Types for scripts/check-migrations.mjs (the CI check of drizzle/ against the expand/contract rule).
export function destructiveStatements(
  sql: string,
  snapshot?: unknown,
): Promise<{ statement: string; problem: string }[]>;
export function checkMigrations(folder: string): Promise<string[]>;
