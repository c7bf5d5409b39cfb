import 'server-only';
import type { RequestMeta, TenantContext, UserContext } from '../context';
import { lookupSessionWorkspaces, type TokenLookup } from '../db/lookups';
import { withTenant } from '../db/tenant';
import { AppError } from '../errors';
import { rank, type Role } from '@/shared/permissions';
import { touchApiToken } from '../db/token-use';
import { hashSecret, looksLikeSecret } from './secret-token';
import { getSessionUser } from './auth';
import { cachedTokenLookup } from './token-cache';

export { forgetApiToken, forgetApiTokensIn, forgetApiTokensOf } from './token-cache';

export const WORKSPACE_HEADER = 'x-tika-workspace';
export const WORKSPACE_COOKIE = 'tika_workspace';
const LAST_USED_GRANULARITY_MS = 60_000;

const unauthenticated = () =>
  new AppError('UNAUTHENTICATED', 'Sign in or send a valid API token as "Authorization: Bearer <token>"');

function bearerToken(headers: Headers): string | null {
  const header = headers.get('authorization');
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw new AppError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>"');
  return match[1]!;
}

function cookie(headers: Headers, name: string): string | null {
  for (const part of headers.get('cookie')?.split(';') ?? []) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return null;
}

export async function resolveUser(
  request: Request,
  meta: RequestMeta,
  options: { fresh?: boolean } = {},
): Promise<UserContext> {
  const user = await getSessionUser(request.headers, options);
  if (!user) throw unauthenticated();
  return {
    ...meta,
    userId: user.id,
    email: user.email,
    name: user.name,
    emailVerified: user.emailVerified,
    sessionToken: user.sessionToken,
    twoFactorEnabled: user.twoFactorEnabled,
  };
}

/**
 * Who is asking and in which workspace. The tenant comes from the token itself, or from the session user's
 * own memberships (the header or cookie only chooses among them). Not a member → 404, as if it did not exist.
 */
export async function resolveTenant(request: Request, meta: RequestMeta): Promise<TenantContext> {
  const token = bearerToken(request.headers);
  if (token !== null) return resolveTokenTenant(token, meta);
  const user = await resolveUser(request, meta);
  const wanted = request.headers.get(WORKSPACE_HEADER) ?? cookie(request.headers, WORKSPACE_COOKIE);
  const memberships = await lookupSessionWorkspaces(user.sessionToken);
  const membership = wanted ? findMembership(memberships, wanted) : memberships[0];
  if (!membership)
    throw new AppError('NOT_FOUND', wanted ? 'Workspace not found' : 'You are not a member of any workspace yet');
  if (membership.requireTwoFactor && !user.twoFactorEnabled)
    throw new AppError(
      'TWO_FACTOR_REQUIRED',
      `${membership.name} requires two-factor authentication: turn it on in your account settings (/account), then come back`,
    );
  return {
    ...meta,
    tenantId: membership.tenantId,
    role: membership.role,
    actor: { type: 'user', id: user.userId },
    twoFactor: user.twoFactorEnabled,
  };
}

/**
 * The membership a workspace reference names: an id matches by id first, across all memberships, and only then
 * a slug — so a slug shaped like another workspace's id (written before slugs were validated) cannot capture it.
 */
export function findMembership<T extends { tenantId: string; slug: string }>(
  memberships: T[],
  wanted: string,
): T | undefined {
  const id = wanted.toLowerCase();
  return memberships.find((m) => m.tenantId === id) ?? memberships.find((m) => m.slug === wanted);
}

/**
 * A token acts with at most its creator's current role in its workspace, and not at all once the creator is no
 * longer a member (or no longer exists): a token is a delegation of a person's rights, never more than they hold.
 */
export function tokenRole(found: Pick<TokenLookup, 'role' | 'creatorRole'>): Role | null {
  if (!found.creatorRole) return null;
  return rank[found.creatorRole] < rank[found.role] ? found.creatorRole : found.role;
}

async function resolveTokenTenant(token: string, meta: RequestMeta): Promise<TenantContext> {
  if (!looksLikeSecret(token, 'tika')) throw unauthenticated();
  const found = await cachedTokenLookup(hashSecret(token));
  const now = new Date();
  if (!found || found.revokedAt || (found.expiresAt && found.expiresAt <= now)) throw unauthenticated();
  const role = tokenRole(found);
  if (!role) throw unauthenticated();
  // A token acts for its creator, so it is held to the creator's sign-in rule: a workspace that requires a second
  // factor does not let a member without one in through a token either.
  if (found.requireTwoFactor && !found.creatorTwoFactor)
    throw new AppError(
      'TWO_FACTOR_REQUIRED',
      "This workspace requires two-factor authentication, and the token's creator has not turned it on",
    );
  const ctx: TenantContext = {
    ...meta,
    tenantId: found.tenantId,
    role,
    actor: { type: 'token', id: found.tokenId, createdBy: found.createdBy },
    twoFactor: found.creatorTwoFactor,
  };
  await recordTokenUse(ctx.tenantId, found.tokenId, now);
  return ctx;
}

// last_used_at at minute granularity: one write per token per minute, not one per request.
const lastTouched = new Map<string, number>();
async function recordTokenUse(tenantId: string, tokenId: string, now: Date): Promise<void> {
  const previous = lastTouched.get(tokenId) ?? 0;
  if (now.getTime() - previous < LAST_USED_GRANULARITY_MS) return;
  lastTouched.set(tokenId, now.getTime());
  if (lastTouched.size > 10_000) lastTouched.clear();
  await withTenant(tenantId, (tx) => touchApiToken(tx, tokenId, now));
}
