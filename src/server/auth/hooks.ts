import 'server-only';
import type { RequestMeta, UserContext } from '../context';
import { clientIp, requestIdFrom } from '../http/request-meta';
import { logger } from '../logger';

// What happens when an account or a session is created is product behaviour (a first workspace, an audit row),
// which lives in src/modules; infrastructure never imports modules. So the composition root (src/api/auth.ts)
// registers the two reactions here, and better-auth calls them through this registry. The registry is on
// globalThis because Next bundles route handlers separately while they share the one auth instance.

export interface AccountHooks {
  /** A user signed up: give them a workspace of their own. */
  userCreated(user: UserContext): Promise<void>;
  /** A session started: record the sign-in (the session's token finds the user's workspaces). */
  sessionCreated(userId: string, sessionToken: string, meta: RequestMeta): Promise<void>;
  /** Whether a pending invitation lets this address sign up where sign-up is closed or limited to domains. */
  invitationAdmitsSignUp(token: string, email: string): Promise<boolean>;
}

interface HookContext {
  headers?: Headers;
  request?: Request;
}

const hooksKey = Symbol.for('tika.auth.accountHooks');
type Holder = { [hooksKey]?: AccountHooks };

export function registerAccountHooks(hooks: AccountHooks): void {
  (globalThis as Holder)[hooksKey] = hooks;
}

export function accountHooks(): AccountHooks {
  const hooks = (globalThis as Holder)[hooksKey];
  // Failing loudly beats a user without a workspace: every entry point that creates accounts imports src/api/auth.
  if (!hooks) throw new Error('Account hooks are not registered: import src/api/auth.ts before creating accounts');
  return hooks;
}

function metaFrom(context: HookContext | null | undefined): RequestMeta {
  const headers = context?.headers ?? context?.request?.headers ?? new Headers();
  return {
    requestId: requestIdFrom(headers),
    ip: clientIp(headers),
    userAgent: headers.get('user-agent')?.slice(0, 512) ?? null,
  };
}

export async function onUserCreated(
  user: { id: string; email: string; name: string; emailVerified?: boolean },
  context?: HookContext | null,
): Promise<void> {
  // No session exists yet (sign-up may not open one): creating a workspace needs none.
  const owner = {
    userId: user.id,
    email: user.email,
    name: user.name,
    emailVerified: user.emailVerified === true,
    sessionToken: '',
  };
  await accountHooks().userCreated({ ...metaFrom(context), ...owner });
}

export async function onSessionCreated(
  session: { userId: string; token: string; ipAddress?: string | null; userAgent?: string | null },
  context?: HookContext | null,
): Promise<void> {
  const hooks = accountHooks();
  const meta = metaFrom(context);
  try {
    await hooks.sessionCreated(session.userId, session.token, {
      ...meta,
      ip: session.ipAddress ?? meta.ip,
      userAgent: session.userAgent ?? meta.userAgent,
    });
  } catch (error) {
    // The session exists already; a failed audit write is logged loudly rather than failing the sign-in.
    logger.error({ err: error, userId: session.userId }, 'could not record sign-in in the audit log');
  }
}
