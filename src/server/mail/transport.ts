import 'server-only';
import nodemailer from 'nodemailer';
import { env } from '../env';
import { logger } from '../logger';
import type { RenderedMail } from './render';
import { insertDevInboxMail } from './repository';

export interface OutgoingMail extends RenderedMail {
  to: string;
}

/** Why a send failed, and whether trying again later can help (a 5xx answer from the server will not). */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'MailDeliveryError';
  }
}

type SmtpOptions = Parameters<typeof nodemailer.createTransport>[0] & object;

/**
 * SMTP_URL → nodemailer options. smtp:// upgrades with STARTTLS when the server offers it (?requireTLS=true
 * insists on it), smtps:// is TLS from the first byte; ?tlsRejectUnauthorized=false accepts a self-signed relay.
 */
export function smtpOptions(smtpUrl: string): SmtpOptions {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  const query = url.searchParams;
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    requireTLS: query.get('requireTLS') === 'true',
    tls: { rejectUnauthorized: query.get('tlsRejectUnauthorized') !== 'false' },
    // A mail server that hangs must not hold a worker forever; the outbox retries later.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  } as SmtpOptions;
}

const transportKey = Symbol.for('tika.mail.smtp');
type Holder = { [transportKey]?: { url: string; transport: ReturnType<typeof nodemailer.createTransport> } };

function smtpTransport(smtpUrl: string) {
  const holder = globalThis as Holder;
  if (holder[transportKey]?.url !== smtpUrl)
    holder[transportKey] = { url: smtpUrl, transport: nodemailer.createTransport(smtpOptions(smtpUrl)) };
  return holder[transportKey]!.transport;
}

/** Delivers one mail now, by the configured transport. Called by the outbox worker, never inside a request. */
export async function deliver(mail: OutgoingMail): Promise<void> {
  const config = env();
  switch (config.mailTransport) {
    case 'smtp':
      return sendSmtp(config.SMTP_URL!, config.mailFrom, mail);
    case 'log':
      // Development and the embedded default: the link must be reachable without a mail server.
      logger.info(
        { mail: { kind: mail.kind, to: mail.to, subject: mail.subject, text: mail.text } },
        'mail (not sent: no SMTP_URL)',
      );
      await insertDevInboxMail({
        kind: mail.kind,
        toAddress: mail.to,
        subject: mail.subject,
        textBody: mail.text,
        htmlBody: mail.html,
      });
      return;
    case 'off':
      throw new MailDeliveryError('Mail is turned off on this server (no SMTP_URL)', true);
  }
}

async function sendSmtp(smtpUrl: string, from: string, mail: OutgoingMail): Promise<void> {
  try {
    await smtpTransport(smtpUrl).sendMail({
      from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: { 'X-Tika-Mail': mail.kind, 'Auto-Submitted': 'auto-generated' },
    });
  } catch (error) {
    const { responseCode, code, message } = error as { responseCode?: number; code?: string; message?: string };
    // 5xx: the server refused this message for good (no such mailbox, rejected sender); anything else may pass later.
    const permanent = typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600;
    throw new MailDeliveryError(
      `SMTP ${responseCode ?? code ?? 'error'}: ${String(message ?? error).slice(0, 300)}`,
      permanent,
    );
  }
}

/** Connects to the SMTP server and authenticates, sending nothing (tika doctor's "mail delivered" check). */
export async function verifyMailServer(smtpUrl: string): Promise<void> {
  const transport = nodemailer.createTransport(smtpOptions(smtpUrl));
  try {
    await transport.verify();
  } finally {
    transport.close();
  }
}
