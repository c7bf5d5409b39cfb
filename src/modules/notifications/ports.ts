import 'server-only';
import { env } from '@/server/env';
import type { Tx } from '@/server/db/tenant';
import { defineMail, queueMail } from '@/server/mail';
import { findAdmins, findRecipients, findWorkspace, insertNotices, type NewNotice } from './repository';

/** The one mail every notice can also go out as: its title, its text and a link into the app. */
const noticeMail = defineMail<{ name: string; title: string; body: string; url: string | null; workspace: string }>(
  'notice',
  {
    en: (d) => ({
      subject: `[${d.workspace}] ${d.title}`,
      greeting: `Hello ${d.name},`,
      paragraphs: [d.title, ...(d.body ? [d.body] : [])],
      ...(d.url ? { action: { label: 'Open in Tika', url: d.url } } : {}),
      notes: [`You get this notice as a member of ${d.workspace}.`],
    }),
    de: (d) => ({
      subject: `[${d.workspace}] ${d.title}`,
      greeting: `Hallo ${d.name},`,
      paragraphs: [d.title, ...(d.body ? [d.body] : [])],
      ...(d.url ? { action: { label: 'In Tika öffnen', url: d.url } } : {}),
      notes: [`Sie erhalten diese Nachricht als Mitglied von ${d.workspace}.`],
    }),
  },
);

export interface NotifyOptions {
  /** Also send it by mail (queued in the same transaction; nothing is sent if mail is off on this server). */
  mail?: boolean;
}

/**
 * Notifies members of the caller's workspace — in the app, and by mail when asked — inside the caller's tenant
 * transaction. `to` is a list of user ids or 'admins' (owners and admins). With a dedupeKey the notice is
 * idempotent: a user already notified under that key gets neither a second notice nor a second mail.
 * Returns the users notified now.
 */
export async function notifyMembers(
  tx: Tx,
  tenantId: string,
  to: string[] | 'admins',
  notice: NewNotice,
  options: NotifyOptions = {},
): Promise<string[]> {
  const recipients = to === 'admins' ? await findAdmins(tx) : await findRecipients(tx, to);
  const workspace = await findWorkspace(tx, tenantId);
  // Links are given inside the workspace ('t/<ticket id>'); stored as app paths (/w/<slug>/t/<ticket id>).
  const link = notice.link && workspace ? `/w/${workspace.slug}/${notice.link.replace(/^\//, '')}` : null;
  const notified = await insertNotices(
    tx,
    tenantId,
    recipients.map((r) => r.userId),
    { ...notice, link },
  );
  if (options.mail && notified.length > 0) {
    const base = env().APP_URL ?? 'http://localhost:3000';
    for (const recipient of recipients.filter((r) => notified.includes(r.userId))) {
      const mail = noticeMail('en', {
        name: recipient.name,
        title: notice.title,
        body: notice.body ?? '',
        url: link ? new URL(link, base).toString() : null,
        workspace: workspace?.name ?? 'your workspace',
      });
      await queueMail({ ...mail, to: recipient.email }, { tx });
    }
  }
  return notified;
}
