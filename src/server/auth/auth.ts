import 'server-only';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { twoFactor } from 'better-auth/plugins/two-factor';
import { getAuthDb } from '../db/client';
import { accounts, sessions, twoFactors, users, verifications } from '../db/schema';
import { env } from '../env';
import { authSecret } from './secret';
import { withLoopbackAliases } from '../http/loopback';
import { onSessionCreated, onUserCreated } from './hooks';
import { accountLifecycleOptions, onUserUpdated } from './lifecycle-options';

function createAuth(db: Awaited<ReturnType<typeof getAuthDb>>) {
  const { appUrl, trustedOrigins } = env();
  return betterAuth({
    appName: 'Tika',
    baseURL: appUrl,
    secret: authSecret(),
    trustedOrigins: withLoopbackAliases(trustedOrigins),
    database: drizzleAdapter(db, {
      provider: 'pg',
      schema: {
        user: users,
        session: sessions,
        account: accounts,
        verification: verifications,
        twoFactor: twoFactors,
      },
    }),
    ...accountLifecycleOptions(env()),
    session: {
      expiresIn: 60 * 60 * 24 * 14,
      // Also how fresh a session's "last seen" is in the account's session list.
      updateAge: 60 * 60,
      // A signed cookie spares one session query per request; a revoked session lives at most this long.
      cookieCache: { enabled: true, maxAge: 30 },
    },
    // Our own per-IP limiter (rate-limit module) covers sign-in and sign-up across replicas.
    rateLimit: { enabled: false },
    advanced: {
      // The session's recorded address is the one our limits and audit log use: the auth route sets this header
      // from clientIp() (the socket, or the trusted proxies' view), replacing whatever a client sent.
      // The whole IPv6 address, as the audit log has it (the library's /64 masking is for its own limiter, which
      // is off): the session list shows the owner where each session signed in from.
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER], ipv6Subnet: 128 },
      useSecureCookies: appUrl.startsWith('https://'),
    },
    databaseHooks: {
      user: { create: { after: onUserCreated }, update: { after: onUserUpdated } },
      session: { create: { after: onSessionCreated } },
    },
    plugins: [
      // TOTP (any authenticator app) with ten single-use backup codes, both encrypted with the auth secret.
      // Enabling, disabling and new backup codes need the password; a sign-in of an enrolled user stops after the
      // password and finishes at /two-factor. Five wrong codes in a row lock the second step for 15 minutes.
      twoFactor({
        issuer: 'Tika',
        backupCodeOptions: { amount: 10, length: 10 },
        twoFactorCookieMaxAge: 10 * 60,
        accountLockout: { enabled: true, maxFailedAttempts: 5, durationSeconds: 15 * 60 },
      }),
    ],
    telemetry: { enabled: false },
    // Unexpected errors (a database that is down, a bug) leave auth.handler instead of becoming an empty 500:
    // the route answers them as problem+json (503 DATABASE_UNAVAILABLE when the database cannot be reached).
    // Its own APIErrors (wrong password, bad body) are still answered by better-auth.
    onAPIError: { throw: true },
  });
}

export type Auth = ReturnType<typeof createAuth>;

/** Set by the auth route on every request it hands to better-auth; never taken from the client. */
export const CLIENT_IP_HEADER = 'x-tika-client-ip';

const authKey = Symbol.for('tika.auth');
type Holder = { [authKey]?: Promise<Auth> };

export function getAuth(): Promise<Auth> {
  const holder = globalThis as Holder;
  holder[authKey] ??= getAuthDb().then(createAuth);
  return holder[authKey];
}

export function resetAuth(): void {
  delete (globalThis as Holder)[authKey];
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  emailVerified: boolean;
  /** The session's own token: the credential the database's workspace lookup asks for. Never log it. */
  sessionToken: string;
  twoFactorEnabled: boolean;
}

/** The signed-in user; `fresh` reads the session from the database rather than the (≤ 30 s old) cookie cache. */
export async function getSessionUser(headers: Headers, options: { fresh?: boolean } = {}): Promise<SessionUser | null> {
  const auth = await getAuth();
  const session = await auth.api.getSession({
    headers,
    ...(options.fresh ? { query: { disableCookieCache: true } } : {}),
  });
  if (!session) return null;
  const { id, email, name, emailVerified, twoFactorEnabled } = session.user;
  return {
    id,
    email,
    name,
    emailVerified: emailVerified === true,
    sessionToken: session.session.token,
    twoFactorEnabled: twoFactorEnabled === true,
  };
}
