import { expect } from '@playwright/test';

export interface Mail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  links: string[];
}

/** Waits for a mail to `to` whose subject matches, as received by the suite's SMTP server. */
export async function waitForMail(to: string, subject: RegExp, timeoutMs = 20_000): Promise<Mail> {
  const url = `http://127.0.0.1:${process.env.TIKA_E2E_MAILBOX_PORT}/mails?to=${encodeURIComponent(to)}`;
  let found: Mail | undefined;
  await expect
    .poll(
      async () => {
        const mails = (await (await fetch(url)).json()) as Mail[];
        found = mails.findLast((m) => subject.test(m.subject));
        return Boolean(found);
      },
      { timeout: timeoutMs, message: `a mail to ${to} matching ${subject}` },
    )
    .toBe(true);
  return found!;
}

/** The link in a mail whose path is `path` (e.g. /verify-email). */
export function linkIn(mail: Mail, path: string): string {
  const link = mail.links.find((l) => new URL(l).pathname === path);
  if (!link) throw new Error(`no ${path} link in the mail "${mail.subject}": ${mail.links.join(', ')}`);
  return link;
}
