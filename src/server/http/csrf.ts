import 'server-only';
import { env } from '../env';
import { AppError } from '../errors';
import { withLoopbackAliases } from './loopback';

// CSRF defence for cookie-authenticated changes. SameSite=Lax session cookies already keep most cross-site
// requests anonymous, but not requests from a sibling origin of the same site (another subdomain, another port)
// nor old browsers. So every state-changing request that carries cookies must name one of our own origins in
// Origin (browsers send it on every POST/PATCH/PUT/DELETE) or, failing that, Referer. No origin at all is
// refused too: a browser always sends one, so its absence means a client that should use an API token.
// Bearer-token requests are exempt where the token is what authenticates: a foreign page cannot know it.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function originOf(url: string | null | undefined): string | null {
  if (!url || url === 'null') return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The origins our own pages are served from: APP_URL (the same default better-auth uses) and TRUSTED_ORIGINS. */
export function appOrigins(): string[] {
  return withLoopbackAliases(
    env()
      .trustedOrigins.map((value) => originOf(value.trim()))
      .filter((origin): origin is string => origin !== null),
  );
}

const rejected = (detail: string) => new AppError('CROSS_ORIGIN_REJECTED', detail);

/**
 * Throws CROSS_ORIGIN_REJECTED (403) for a state-changing request that carries cookies but does not come from
 * one of our origins. `bearerAuthenticates`: the endpoint authenticates by the Authorization header when one is
 * present (cookies are then ignored), so such a request is not cookie-authenticated.
 */
export function assertSameOrigin(request: Request, options: { bearerAuthenticates?: boolean } = {}): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return;
  const headers = request.headers;
  if (options.bearerAuthenticates && headers.has('authorization')) return;
  const hasCookies = headers.has('cookie');
  const originHeader = headers.get('origin');
  if (originHeader !== null) {
    const origin = originOf(originHeader);
    if (origin && appOrigins().includes(origin)) return;
    // A foreign origin is refused even without cookies (on sign-in that is login CSRF); an opaque "null" origin
    // (sandboxed frame, data: URL) only when it would act with the user's cookies.
    if (origin || hasCookies)
      throw rejected(
        `Requests from ${origin ?? 'an opaque origin'} are not accepted; use Tika's own pages or an API token`,
      );
    return;
  }
  if (!hasCookies) return;
  const referer = originOf(headers.get('referer'));
  if (referer && appOrigins().includes(referer)) return;
  throw rejected(
    'A cookie-authenticated change must carry an Origin header naming this site; scripts should use an API token',
  );
}

/** Bodies a cross-site HTML form can send without a CORS preflight; our JSON endpoints never accept them. */
export function isFormContentType(contentType: string | null): boolean {
  if (!contentType) return false;
  return /^\s*(text\/plain|application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(contentType);
}
