import { startMailbox, stopMailbox } from './mailbox';

// Before the browser suites: the SMTP server the app sends its mail to (see playwright.config.ts).
export default async function globalSetup(): Promise<() => Promise<void>> {
  await startMailbox(Number(process.env.TIKA_E2E_SMTP_PORT), Number(process.env.TIKA_E2E_MAILBOX_PORT));
  return stopMailbox;
}
