import 'server-only';
import { sql } from 'drizzle-orm';
import { getAuthDb, getDb } from './client';
import { timeDb } from '../metrics';
import { withTenant } from './tenant';
import { AppError } from '../errors';
import type { Role } from '@/shared/permissions';

// The only cross-tenant reads the runtime makes, each a SECURITY DEFINER function owned by tika_lookup
// (see drizzle/0002). One autocommit statement each: no transaction to open before the tenant is known.

export interface TokenLookup {
  tenantId: string;
  tokenId: string;
  role: Role;
  expiresAt: Date | null;
  revokedAt: Date | null;
  createdBy: string | null;
  /** The creator's role in the token's workspace now; null once they are no longer a member. */
  creatorRole: Role | null;
  /** The workspace requires a second factor of every member (an owner's setting). */
  requireTwoFactor: boolean;
  /** The creator signs in with a second factor (false once the creator is gone). */
  creatorTwoFactor: boolean;
}

export interface WorkspaceMembership {
  tenantId: string;
  name: string;
  slug: string;
  role: Role;
  joinedAt: Date;
  /** The workspace requires a second factor of every member (an owner's setting). */
  requireTwoFactor: boolean;
}

type Row = Record<string, unknown>;
const toDate = (value: unknown) => (value == null ? null : value instanceof Date ? value : new Date(String(value)));

const toMembership = (row: Row): WorkspaceMembership => ({
  tenantId: String(row.tenant_id),
  name: String(row.name),
  slug: String(row.slug),
  role: row.role as Role,
  joinedAt: toDate(row.joined_at) as Date,
  requireTwoFactor: row.require_two_factor === true,
});

async function rows(query: ReturnType<typeof sql>, pool: 'runtime' | 'auth' = 'runtime'): Promise<Row[]> {
  const db = pool === 'auth' ? await getAuthDb() : await getDb();
  const result = (await timeDb('lookup', () => db.execute(query))) as unknown as { rows: Row[] };
  return result.rows;
}

export async function lookupApiToken(tokenHash: string): Promise<TokenLookup | null> {
  const [row] = await rows(sql`select * from lookup.api_token(${tokenHash})`);
  if (!row) return null;
  return {
    tenantId: String(row.tenant_id),
    tokenId: String(row.token_id),
    role: row.role as Role,
    expiresAt: toDate(row.expires_at),
    revokedAt: toDate(row.revoked_at),
    createdBy: (row.created_by as string | null) ?? null,
    creatorRole: (row.creator_role as Role | null) ?? null,
    requireTwoFactor: row.require_two_factor === true,
    creatorTwoFactor: row.creator_two_factor === true,
  };
}

/**
 * The workspaces of the user a session belongs to. Keyed by the session token itself, not a user id: SQL run as
 * the runtime role cannot ask about somebody else without holding their session (issue #12). An unknown or
 * expired session is UNAUTHENTICATED (the function raises 28000).
 */
export async function lookupSessionWorkspaces(sessionToken: string): Promise<WorkspaceMembership[]> {
  let result: Row[];
  try {
    result = await rows(sql`select * from lookup.session_workspaces(${sessionToken})`);
  } catch (error) {
    // Drizzle wraps the driver's error (DrizzleQueryError): the SQLSTATE is on its cause.
    const failure = error as { code?: string; cause?: { code?: string } };
    if ((failure.code ?? failure.cause?.code) === '28000')
      throw new AppError('UNAUTHENTICATED', 'Your session has ended; sign in again');
    throw error;
  }
  return result.map(toMembership);
}

/**
 * The workspaces of an account by user id, for auditing the account's own security events (a password reset by
 * link has no session to ask with). Asked through the auth library's login role: only tika_auth may run this
 * lookup, the runtime role may not (issue #12, finding 7).
 */
export async function lookupAccountWorkspaces(userId: string): Promise<WorkspaceMembership[]> {
  const result = await rows(sql`select * from lookup.account_workspaces(${userId})`, 'auth');
  return result.map(toMembership);
}

export async function lookupInvitationTenant(tokenHash: string): Promise<string | null> {
  const [row] = await rows(sql`select lookup.invitation_tenant(${tokenHash}) as tenant_id`);
  return row?.tenant_id ? String(row.tenant_id) : null;
}

/** Ticket counts by status across every workspace (aggregates only), for the tickets_by_status metric. */
export async function lookupTicketCounts(): Promise<Record<string, number>> {
  const result = await rows(sql`select status, tickets from lookup.ticket_counts()`);
  return Object.fromEntries(result.map((row) => [String(row.status), Number(row.tickets)]));
}

export interface BackupStatus {
  lastSuccessAt: Date | null;
  lastSuccessSource: string | null;
  lastSuccessFile: string | null;
  lastSuccessBytes: number | null;
  lastSuccessSha256: string | null;
  lastFailureAt: Date | null;
  lastFailureDetail: string | null;
  runs: number;
}

/** The newest successful and failed backup runs (recorded by the backup job in backup_runs). */
export async function lookupBackupStatus(): Promise<BackupStatus> {
  const [row = {}] = await rows(sql`select * from lookup.backup_status()`);
  const text = (value: unknown) => (value == null ? null : String(value));
  return {
    lastSuccessAt: toDate(row.last_success_at),
    lastSuccessSource: text(row.last_success_source),
    lastSuccessFile: text(row.last_success_file),
    lastSuccessBytes: row.last_success_bytes == null ? null : Number(row.last_success_bytes),
    lastSuccessSha256: text(row.last_success_sha256),
    lastFailureAt: toDate(row.last_failure_at),
    lastFailureDetail: text(row.last_failure_detail),
    runs: Number(row.runs ?? 0),
  };
}

/** A workspace's plan, read as that workspace (its own row is visible to it). */
export async function workspacePlan(tenantId: string): Promise<string> {
  const result = (await withTenant(tenantId, (tx) =>
    tx.execute(sql`select plan from public.workspaces where id = ${tenantId}`),
  )) as unknown as { rows: Row[] };
  return String(result.rows[0]?.plan ?? 'free');
}
