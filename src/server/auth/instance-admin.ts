import 'server-only';
import { firstAccountId } from '../db/instance-admin';
import { env } from '../env';
import { getSessionUser } from './auth';

// Instance admins run the deployment (the operations page, the doctor's report), as opposed to workspace owners
// and admins, who run a workspace. TIKA_ADMIN_EMAILS names them; without it, the first account created is the
// instance admin. One place, so the accounts work (#16) can extend it (2FA required, an admin flag on users …).

export function adminEmails(): string[] {
  return (env().TIKA_ADMIN_EMAILS ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
}

export async function isInstanceAdmin(user: { userId: string; email: string }): Promise<boolean> {
  const listed = adminEmails();
  if (listed.length) return listed.includes(user.email.toLowerCase());
  return (await firstAccountId()) === user.userId;
}

/** The signed-in instance admin of this request (session cookie), or null. */
export async function instanceAdminOf(request: Request): Promise<{ userId: string; email: string } | null> {
  const user = await getSessionUser(request.headers).catch(() => null);
  if (!user) return null;
  const candidate = { userId: user.id, email: user.email };
  return (await isInstanceAdmin(candidate)) ? candidate : null;
}
