import { createServer, type Server } from 'node:http';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver';

// The browser suites' mail server: a real SMTP server the app under test sends to (SMTP_URL, set in
// playwright.config.ts), and a small HTTP window on what arrived, for the specs (which run in other processes).

let smtp: SmtpReceiver | undefined;
let http: Server | undefined;

export async function startMailbox(smtpPort: number, httpPort: number): Promise<void> {
  smtp = await startSmtpReceiver(smtpPort);
  http = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const to = url.searchParams.get('to')?.toLowerCase();
    const mails = smtp!.mails
      .filter((m) => !to || m.to.includes(to))
      .map(({ to: rcpt, subject, text, html, links }) => ({ to: rcpt, subject, text, html, links }));
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(mails));
  });
  await new Promise<void>((resolve) => http!.listen(httpPort, '127.0.0.1', resolve));
}

export async function stopMailbox(): Promise<void> {
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
  await smtp?.close();
}
