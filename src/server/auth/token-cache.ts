import 'server-only';
import { lookupApiToken, type TokenLookup } from '../db/lookups';

// Token → workspace answers are cached briefly: a lookup is a round trip on every API call. A revocation takes
// effect at once in this process (forgetApiToken) and within TOKEN_CACHE_MS on other replicas.
const TOKEN_CACHE_MS = 5_000;
const tokenCache = new Map<string, { found: TokenLookup | null; until: number }>();

export async function cachedTokenLookup(hash: string): Promise<TokenLookup | null> {
  const now = Date.now();
  const hit = tokenCache.get(hash);
  if (hit && hit.until > now) return hit.found;
  const found = await lookupApiToken(hash);
  if (tokenCache.size > 10_000) tokenCache.clear();
  tokenCache.set(hash, { found, until: now + TOKEN_CACHE_MS });
  return found;
}

export function forgetApiToken(tokenId: string): void {
  for (const [hash, entry] of tokenCache) if (entry.found?.tokenId === tokenId) tokenCache.delete(hash);
}

/** After a workspace's sign-in rule changes (requireTwoFactor): its tokens' cached answers are stale here. */
export function forgetApiTokensIn(tenantId: string): void {
  for (const [hash, entry] of tokenCache) if (entry.found?.tenantId === tenantId) tokenCache.delete(hash);
}

/**
 * After a member's role changes, they leave, or their second factor is switched on or off: their tokens' cached
 * answers are stale in this process.
 */
export function forgetApiTokensOf(userId: string): void {
  for (const [hash, entry] of tokenCache) if (entry.found?.createdBy === userId) tokenCache.delete(hash);
}
