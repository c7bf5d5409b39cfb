import 'server-only';
import type { UserContext } from '@/server/context';
import { env } from '@/server/env';
import { listDevInbox } from '@/server/mail';

export interface DevInboxView {
  /** False unless mail goes to the log (no SMTP_URL on the embedded database or outside production). */
  enabled: boolean;
  viewer: { email: string } | null;
  mails: { id: string; kind: string; to: string; subject: string; text: string; html: string; sentAt: string }[];
}

/**
 * The dev inbox: mail this server would have sent, for a machine without a mail server. A signed-in user sees
 * the mail sent to their own address (a newcomer clicks their verification link here); nobody sees anyone
 * else's — reset links are credentials. Signed out, the server log has every mail.
 */
export async function readDevInbox(viewer: UserContext | null): Promise<DevInboxView> {
  const enabled = env().mailTransport === 'log';
  if (!enabled || !viewer) return { enabled, viewer: viewer && { email: viewer.email }, mails: [] };
  const rows = await listDevInbox({ toAddress: viewer.email, limit: 50 });
  return {
    enabled,
    viewer: { email: viewer.email },
    mails: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      to: row.toAddress,
      subject: row.subject,
      text: row.textBody,
      html: row.htmlBody,
      sentAt: row.createdAt.toISOString(),
    })),
  };
}
