import 'server-only';
import { memberProfile } from '@/modules/members';
import { currentWorkspace } from '@/modules/workspaces';
import type { TenantContext } from '@/server/context';
import type { Tx } from '@/server/db/tenant';
import { env } from '@/server/env';
import { defineMail, queueMail } from '@/server/mail';

export const invitationMail = defineMail<{
  inviter: string;
  workspace: string;
  role: string;
  url: string;
  expiresAt: Date;
}>('invitation', {
  en: ({ inviter, workspace, role, url, expiresAt }) => ({
    subject: `${inviter} invited you to ${workspace} on Tika`,
    paragraphs: [`${inviter} invited you to join the workspace “${workspace}” on Tika as ${role}.`],
    action: { label: 'Accept the invitation', url },
    notes: [
      `The invitation is valid until ${expiresAt.toUTCString()}. It is meant for this email address: sign in or create your account with it.`,
    ],
  }),
  de: ({ inviter, workspace, role, url, expiresAt }) => ({
    subject: `${inviter} hat Sie zu ${workspace} auf Tika eingeladen`,
    paragraphs: [`${inviter} hat Sie in den Arbeitsbereich „${workspace}“ auf Tika eingeladen (Rolle: ${role}).`],
    action: { label: 'Einladung annehmen', url },
    notes: [
      `Die Einladung gilt bis ${expiresAt.toUTCString()}. Sie ist für diese E-Mail-Adresse bestimmt: Melden Sie sich damit an oder legen Sie Ihr Konto damit an.`,
    ],
  }),
});

/**
 * Mails an email-bound invitation its link, in the invitation's own transaction (no invitation, no mail).
 * Returns whether a mail was queued: without mail on this server the link is shared by hand, as before.
 */
export async function queueInvitationMail(
  tx: Tx,
  ctx: TenantContext,
  invitation: { email: string; role: string; url: string; expiresAt: Date },
): Promise<boolean> {
  const inviterId = ctx.actor.type === 'user' ? ctx.actor.id : ctx.actor.createdBy;
  const inviter = inviterId ? await memberProfile(tx, inviterId) : null;
  const workspace = await currentWorkspace(tx);
  const mail = invitationMail(env().MAIL_DEFAULT_LOCALE, {
    inviter: inviter?.name.trim() || inviter?.email || 'A workspace admin',
    workspace: workspace?.name ?? 'a workspace',
    role: invitation.role,
    url: invitation.url,
    expiresAt: invitation.expiresAt,
  });
  return queueMail({ to: invitation.email, ...mail }, { tx });
}
