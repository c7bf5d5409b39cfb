import { createWorkspace } from '../../modules/workspaces/create-workspace';
import { recordSignIn } from '../../modules/audit/record-sign-in';
import { clientIp, requestIdFrom } from '../http/request-meta';
import { logger } from '../logger';

interface HookContext {
  headers?: Headers;
  request?: Request;
}

function metaFrom(context: HookContext | null | undefined) {
  const headers = context?.headers ?? context?.request?.headers ?? new Headers();
  return {
    requestId: requestIdFrom(headers),
    ip: clientIp(headers),
    userAgent: headers.get('user-agent')?.slice(0, 512) ?? null,
  };
}

/** Every account starts with a workspace of its own, so the first thing a new user sees is usable. */
export async function onUserCreated(
  user: { id: string; email: string; name: string },
  context?: HookContext | null,
): Promise<void> {
  const name = user.name.trim() ? `${user.name.trim().slice(0, 60)}'s workspace` : 'My workspace';
  await createWorkspace({ ...metaFrom(context), userId: user.id, email: user.email, name: user.name }, { name });
}

export async function onSessionCreated(
  session: { userId: string; ipAddress?: string | null; userAgent?: string | null },
  context?: HookContext | null,
): Promise<void> {
  const meta = metaFrom(context);
  try {
    await recordSignIn(session.userId, {
      ...meta,
      ip: session.ipAddress ?? meta.ip,
      userAgent: session.userAgent ?? meta.userAgent,
    });
  } catch (error) {
    // The session exists already; a failed audit write is logged loudly rather than failing the sign-in.
    logger.error({ err: error, userId: session.userId }, 'could not record sign-in in the audit log');
  }
}
