import 'server-only';
import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from 'better-auth/api';
import type { BetterAuthOptions, GenericEndpointContext } from 'better-auth';
import type { Env } from '../env';
import { logger } from '../logger';
import { forgetApiTokensOf } from './token-cache';
import { accountLifecycle, localeOf, metaOf, type AccountEvent } from './lifecycle';

// better-auth's account lifecycle wired to Tika: which mail goes out (through the queue, never in the request),
// what the audit log records, and the rules better-auth leaves to us (a password change signs out every other
// session). The endpoints themselves are better-auth's.

export const VERIFY_EMAIL_TTL_S = 24 * 3600;
export const RESET_PASSWORD_TTL_S = 3600;

/** The claims of a token better-auth just minted (its own HS256 JWT): which kind of verification it is. */
function verificationClaims(token: string): {
  email?: string;
  updateTo?: string;
  requestType?: string;
  userId?: string;
} {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as object;
  } catch {
    return {};
  }
}

// Successful answers only: an APIError (wrong password, bad token) changed nothing worth recording.
const succeeded = (returned: unknown) => !(returned instanceof Error) && !isAPIError(returned);

const auditedPaths: Record<string, AccountEvent> = {
  '/change-password': 'password-changed',
  '/change-email': 'email-change-requested',
  '/revoke-session': 'session-revoked',
  '/revoke-other-sessions': 'other-sessions-revoked',
  '/revoke-sessions': 'all-sessions-revoked',
};

async function record(userId: string, request: Request | undefined, event: AccountEvent, details?: object) {
  try {
    await accountLifecycle().accountEvent(userId, metaOf(request ?? null), event, details as Record<string, unknown>);
  } catch (error) {
    // The change itself is committed (better-auth wrote it); a failed audit write is loud, not a failed request.
    logger.error({ err: error, userId, event }, 'could not record an account event in the audit log');
  }
}

// The two-factor plugin turns a user's second factor on (a confirmed enrolment) or off through these paths; a
// sign-in's second step (also /two-factor/verify-totp) never changes the user.
const TWO_FACTOR_TOGGLES: Record<string, AccountEvent> = {
  '/two-factor/verify-totp': 'two-factor-enabled',
  '/two-factor/disable': 'two-factor-disabled',
};

/**
 * A user row changed. When its second factor was switched on or off, every session of the user ends here; the
 * plugin then issues the one new session of the browser that made the change (and deletes the old one, gone
 * already). So a thief's stolen session does not outlive the owner turning on 2FA.
 */
export async function onUserUpdated(
  user: { id: string; twoFactorEnabled?: unknown },
  ctx: GenericEndpointContext | null,
): Promise<void> {
  const event = ctx ? TWO_FACTOR_TOGGLES[ctx.path] : undefined;
  if (!ctx || !event || typeof user.twoFactorEnabled !== 'boolean') return;
  if ((event === 'two-factor-enabled') !== user.twoFactorEnabled) return;
  await ctx.context.internalAdapter.deleteUserSessions(user.id);
  // Their tokens are held to a workspace's "require 2FA" rule by this flag.
  forgetApiTokensOf(user.id);
  await record(user.id, ctx.request, event);
}

export function accountLifecycleOptions(
  config: Env,
): Pick<BetterAuthOptions, 'emailAndPassword' | 'emailVerification' | 'user' | 'hooks'> {
  return {
    emailAndPassword: {
      enabled: true,
      // Sign-up never opens a session: a session for a new address and none for a registered one would tell
      // which addresses have accounts (issue #12). The library then answers a registered address as it does a
      // new one and calls onExistingUserSignUp; the client signs in with the password it chose (auth-forms.tsx).
      autoSignIn: false,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      requireEmailVerification: config.AUTH_REQUIRE_EMAIL_VERIFICATION,
      resetPasswordTokenExpiresIn: RESET_PASSWORD_TTL_S,
      // A reset is what someone does when they fear for their account: every session ends.
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: ({ user, token }, request) =>
        accountLifecycle().resetPasswordMail({
          user,
          token,
          locale: localeOf(request),
          validMinutes: RESET_PASSWORD_TTL_S / 60,
        }),
      onPasswordReset: async ({ user }, request) => {
        await accountLifecycle().passwordChangedNotice({ user, locale: localeOf(request) });
        await record(user.id, request, 'password-reset');
      },
      onExistingUserSignUp: ({ user }, request) =>
        accountLifecycle().existingAccountSignUp({ user, locale: localeOf(request) }),
    },
    emailVerification: {
      sendOnSignUp: true,
      // When unverified accounts may not sign in, a sign-in attempt sends a fresh link.
      sendOnSignIn: config.AUTH_REQUIRE_EMAIL_VERIFICATION,
      autoSignInAfterVerification: true,
      expiresIn: VERIFY_EMAIL_TTL_S,
      afterEmailVerification: async (user, request) => {
        const token = request ? new URL(request.url).searchParams.get('token') : null;
        if (token && verificationClaims(token).requestType === 'change-email-verification') return;
        await record(user.id, request, 'email-verified');
      },
      sendVerificationEmail: async ({ user, token }, request) => {
        const claims = verificationClaims(token);
        const changing = claims.requestType === 'change-email-verification' && claims.email;
        await accountLifecycle().verificationMail({
          user,
          token,
          locale: localeOf(request),
          validHours: VERIFY_EMAIL_TTL_S / 3600,
          previousEmail: changing ? claims.email : undefined,
        });
      },
    },
    user: {
      // A new address takes effect only when the link sent to it is followed; the old address is told.
      changeEmail: { enabled: true },
      // POST /delete-user {password}: the password is checked first (the before hook below makes it required),
      // then the account leaves every workspace — refused while it owns one —, then the library deletes the user
      // (its sessions, password and second factor with it; memberships by cascade).
      deleteUser: {
        enabled: true,
        beforeDelete: async (user, request) => {
          await accountLifecycle().prepareAccountDeletion(user.id, metaOf(request ?? null));
        },
        afterDelete: async (user) => {
          forgetApiTokensOf(user.id);
          logger.info({ userId: user.id }, 'account deleted');
        },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        // Changing the password ends every other session, whatever the client asked for.
        const body: unknown = ctx.body;
        // An address typed with spaces around it is the same address (the library lower-cases, it does not trim).
        if (
          (ctx.path === '/sign-up/email' || ctx.path === '/sign-in/email') &&
          typeof body === 'object' &&
          body !== null &&
          'email' in body &&
          typeof body.email === 'string' &&
          body.email !== body.email.trim()
        )
          return { context: { body: { ...body, email: body.email.trim() } } };
        if (ctx.path === '/change-password' && typeof body === 'object' && body !== null)
          return { context: { body: { ...body, revokeOtherSessions: true } } };
        // Deleting the account always takes the password again (the library would also accept a session younger
        // than a day, or a mailed token we never send): whoever finds an open browser cannot do it.
        if (ctx.path === '/delete-user') {
          const { password, token } = (body ?? {}) as { password?: unknown; token?: unknown };
          if (typeof password !== 'string' || !password || token !== undefined)
            throw new APIError('BAD_REQUEST', { code: 'PASSWORD_REQUIRED', message: 'Type your password to confirm' });
        }
        // The library answers "done" for a token that is not the caller's (and does nothing): say it is not
        // found instead, so the list, the answer and the audit log agree.
        if (ctx.path === '/revoke-session') {
          const token = (body as { token?: unknown } | null)?.token;
          const current = await getSessionFromCtx(ctx);
          if (!current || typeof token !== 'string') return undefined; // the endpoint answers these itself
          const target = await ctx.context.internalAdapter.findSession(token);
          if (target?.session.userId !== current.user.id)
            throw new APIError('NOT_FOUND', { code: 'SESSION_NOT_FOUND', message: 'No such session of yours' });
        }
        return undefined;
      }),
      after: createAuthMiddleware(async (ctx) => {
        const returned = ctx.context.returned;
        if (!succeeded(returned)) return;
        if (ctx.path === '/verify-email') {
          // A followed email-change link (a plain verification is recorded by afterEmailVerification).
          const claims = verificationClaims(String(ctx.query?.token ?? ''));
          if (claims.userId && claims.requestType === 'change-email-verification')
            await record(claims.userId, ctx.request, 'email-changed');
          return;
        }
        if (ctx.path === '/two-factor/generate-backup-codes') {
          // New backup codes void the old ones: whoever held them (or a session opened with one) is out.
          const current = ctx.context.session;
          if (!current) return;
          for (const session of await ctx.context.internalAdapter.listSessions(current.user.id))
            if (session.token !== current.session.token) await ctx.context.internalAdapter.deleteSession(session.token);
          await record(current.user.id, ctx.request, 'backup-codes-regenerated');
          return;
        }
        const event = auditedPaths[ctx.path];
        if (!event) return;
        const userId = ctx.context.session?.user.id;
        if (!userId) return;
        await record(userId, ctx.request, event);
        if (event === 'password-changed')
          await accountLifecycle().passwordChangedNotice({
            user: ctx.context.session!.user,
            locale: localeOf(ctx.request),
          });
      }),
    },
  };
}
