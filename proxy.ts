import { NextResponse, type NextRequest } from 'next/server';
import { malformedPathProblem } from '@/server/http/malformed-path';

// Runs before routing, only for API paths that contain a percent sign (every other request skips it): a path the
// router cannot decode gets a problem+json 400 here instead of Next's text/plain 500.
export function proxy(request: NextRequest) {
  return malformedPathProblem(request) ?? NextResponse.next();
}

export const config = { matcher: ['/api/:path(.*%.*)'] };
