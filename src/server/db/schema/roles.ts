import { sql } from 'drizzle-orm';
import { pgPolicy, pgRole } from 'drizzle-orm/pg-core';

// Roles are cluster-wide and created by the first custom migration; drizzle must not try to create them.
export const appRole = pgRole('tika_app').existing();
// Owns the few SECURITY DEFINER lookups that must cross tenants (token → tenant, user → workspaces).
export const lookupRole = pgRole('tika_lookup').existing();
// Owns the housekeeping sweeps (SECURITY DEFINER, drizzle/*_housekeeping.sql): the one identity that may delete audit rows.
export const housekeepingRole = pgRole('tika_housekeeping').existing();
// Runs the job queue (drizzle/*_jobs.sql); reads the instance-level audit trail of the sweeps.
export const jobsRole = pgRole('tika_jobs').existing();

// After a COMMIT the setting reads '' rather than NULL, and ''::uuid throws: nullif keeps "no tenant" = no rows.
export const currentTenant = sql`nullif(current_setting('app.tenant_id', true), '')::uuid`;

export function tenantPolicy(column = 'tenant_id') {
  const matches = sql`${sql.identifier(column)} = ${currentTenant}`;
  return pgPolicy('tenant_isolation', {
    as: 'permissive',
    for: 'all',
    to: appRole,
    using: matches,
    withCheck: matches,
  });
}

export function lookupPolicy() {
  return pgPolicy('cross_tenant_lookup', { as: 'permissive', for: 'select', to: lookupRole, using: sql`true` });
}

/** What the housekeeping sweeps may do to a tenant table, across every tenant (they run as tika_housekeeping). */
export function housekeepingPolicy(operation: 'select' | 'delete' | 'all') {
  return pgPolicy(`housekeeping_${operation}`, {
    as: 'permissive',
    for: operation,
    to: housekeepingRole,
    using: sql`true`,
    ...(operation === 'all' ? { withCheck: sql`true` } : {}),
  });
}
