import 'server-only';
import { AppError, fromDatabaseError } from '../errors';
import { limitByIp, observe, reportServerError } from '../http/observe';
import { problemResponse } from '../http/problem';
import { requestIdFrom } from '../http/request-meta';
import { isAppError } from '../errors';
import { assertSameOrigin, isFormContentType } from '../http/csrf';
import { env } from '../env';
import { enforceLimit } from '../rate-limit';
import { mailAvailable } from '../mail';
import { CLIENT_IP_HEADER, getAuth, type Auth } from './auth';
import { clientIp } from '../http/client-ip';
import { authProblem } from './problems';
import { limitSignInByAccount, signInAccountKey, signInEmail } from './sign-in-limit';
import { assertSignUpAllowed, INVITATION_HEADER } from './sign-up-policy';
import type { SignUpAnswer } from '@/shared/sign-up';

// better-auth serves /api/auth/* (sign-up, sign-in, sign-out, session). The instance is created on first use,
// after the database is open. Its own limiter is off: ours limits sign-in and sign-up per client IP, across
// replicas when the backend is Redis or Upstash, and sign-in per account too (sign-in-limit.ts).
// CSRF: every POST must come from our own origin when it carries cookies or names an origin at all, and never
// with a body type a cross-site form can send; refused as problem+json before better-auth sees it.
// Everything that checks a secret or sends mail is limited per client IP: sign-in and sign-up, password reset
// (asking for a link and using one), verification links, email and password changes, second factors.
const LIMITED =
  /^\/api\/auth\/(sign-in|sign-up|request-password-reset|reset-password|send-verification-email|verify-email|change-email|change-password|two-factor|delete-user)(\/|$)/;
const SIGN_IN = /^\/api\/auth\/sign-in\/email\/?$/;
const SIGN_UP = /^\/api\/auth\/sign-up(\/|$)/;
// Flows that only work by mail: refused up front when this server has no mail, instead of pretending to send.
const NEEDS_MAIL = /^\/api\/auth\/(request-password-reset|send-verification-email|change-email)\/?$/;
// Anyone can make these send mail to an address: limited per address too (whether or not it has an account,
// so a 429 says nothing about which addresses are registered).
const MAILS_AN_ADDRESS = /^\/api\/auth\/(request-password-reset|send-verification-email)\/?$/;
const KNOWN_ROUTE = /^\/api\/auth(\/[a-z0-9-]+){1,2}$/;

/** The request as better-auth gets it: our one idea of the client's address in CLIENT_IP_HEADER, nothing else. */
function withClientIp(request: Request): Request {
  const headers = new Headers(request.headers);
  headers.delete(CLIENT_IP_HEADER);
  const ip = clientIp(request.headers);
  if (ip) headers.set(CLIENT_IP_HEADER, ip);
  // Rebuilt from its parts: Next's request object cannot be handed to the Request constructor.
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body !== null;
  return new Request(request.url, {
    method: request.method,
    headers,
    ...(hasBody ? { body: request.body, duplex: 'half' } : {}),
    signal: request.signal,
  } as RequestInit);
}

// Which methods each auth path serves, from the library's own endpoint table: tells a wrong method (405) from an
// unknown path (404), which its router answers alike.
let methodTable: { pattern: RegExp; methods: string[] }[] | null = null;
function authMethods(auth: Auth): (path: string) => string[] {
  methodTable ??= Object.values(auth.api as Record<string, { path?: string; options?: { method?: string | string[] } }>)
    .filter((endpoint) => typeof endpoint.path === 'string' && endpoint.options?.method)
    .map((endpoint) => ({
      pattern: new RegExp(`^/api/auth${endpoint.path!.replace(/:[^/]+/g, '[^/]+')}/?$`),
      methods: ([] as string[]).concat(endpoint.options!.method!).filter((m) => m !== '*'),
    }));
  const table = methodTable;
  return (path) => [...new Set(table.filter((row) => row.pattern.test(path)).flatMap((row) => row.methods))];
}

async function handler(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  const route = { route: KNOWN_ROUTE.test(path) ? path : '/api/auth/*', method: request.method };
  const requestId = requestIdFrom(request.headers);
  return observe(
    request,
    requestId,
    route,
    async (scope) => {
      if (request.method === 'POST') {
        if (isFormContentType(request.headers.get('content-type')))
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
        assertSameOrigin(request);
        if (LIMITED.test(path)) await limitByIp(request, scope, 'auth');
        if (SIGN_IN.test(path)) await limitSignInByAccount(request, scope);
        if (SIGN_UP.test(path))
          await assertSignUpAllowed((await signInEmail(request)) ?? '', request.headers.get(INVITATION_HEADER));
        if (NEEDS_MAIL.test(path) && !mailAvailable()) throw mailNotConfigured();
        if (MAILS_AN_ADDRESS.test(path)) await limitMailsPerAddress(request, scope);
      } else if (LIMITED.test(path)) await limitByIp(request, scope, 'auth');
      const auth = await getAuth();
      const answer = await auth.handler(withClientIp(request));
      if (request.method === 'POST' && SIGN_UP.test(path) && answer.ok) return signedUp();
      return authProblem(answer, requestId, path, request.method, authMethods(auth));
    },
    (error, scope) => {
      const known = isAppError(error) ? error : fromDatabaseError(error);
      if (known) return problemResponse(known, requestId, known.headers);
      reportServerError(error, scope);
      return problemResponse(
        new AppError('INTERNAL', 'Something went wrong on our side. Quote the request id when reporting it.'),
        requestId,
      );
    },
  );
}

/**
 * Every accepted sign-up answers exactly this (issue #12, finding 6): the library answers a registered address with
 * a made-up user (and mails its owner) and a new one with the real user, whose ids and times differ; neither opens
 * a session (autoSignIn is off), so nothing here tells one from the other.
 */
function signedUp(): Response {
  const answer: SignUpAnswer = { status: 'ok', emailVerificationRequired: env().AUTH_REQUIRE_EMAIL_VERIFICATION };
  return Response.json(answer);
}

const mailNotConfigured = () =>
  new AppError(
    'MAIL_NOT_CONFIGURED',
    'This server cannot send email (its administrator has not set SMTP_URL), so this needs an administrator: ask them to reset your password or change your address',
  );

async function limitMailsPerAddress(request: Request, scope: Parameters<typeof limitSignInByAccount>[1]) {
  const email = await signInEmail(request);
  if (email === null) return;
  Object.assign(scope.headers, await enforceLimit('mail', signInAccountKey(email), env().RATE_LIMIT_MAIL));
}

export const authRouteHandler = { GET: handler, POST: handler };
