import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, newNonce } from '@/server/http/csp';
import { malformedPathProblem } from '@/server/http/malformed-path';
import { env } from '@/server/env';

// Runs before routing, for two kinds of request only (see the matcher):
// - API paths containing a percent sign: a path the router cannot decode gets a problem+json 400 here instead of
//   Next's text/plain 500;
// - pages: a per-request CSP nonce. Next reads the policy from the request headers and puts the nonce on every
//   script it renders; the same policy goes on the response. API routes and static files get their headers from
//   next.config.ts.
export function proxy(request: NextRequest) {
  if (request.nextUrl.pathname.startsWith('/api/')) return malformedPathProblem(request) ?? NextResponse.next();
  const policy = contentSecurityPolicy({ nonce: newNonce(), dev: env().NODE_ENV === 'development' });
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  matcher: [{ source: '/((?!api/|_next/static|_next/image|favicon.ico).*)' }, '/api/:path(.*%.*)'],
};
