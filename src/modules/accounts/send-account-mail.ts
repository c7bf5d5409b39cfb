import 'server-only';
import { env } from '../../server/env';
import { queueMail, type Locale } from '../../server/mail';
import {
  confirmNewEmailMail,
  emailChangeRequestedMail,
  existingAccountSignUpMail,
  passwordChangedMail,
  resetPasswordMail,
  verifyEmailMail,
} from './mails';

// What the auth library asks for, as mail. Each function only queues: delivery happens in the background, so
// none of them can make sign-up or reset slower for an existing address than for an unknown one.

export interface MailUser {
  email: string;
  name: string;
}

const link = (path: string) => `${env().appUrl}${path}`;
const displayName = (user: MailUser) => user.name.trim() || user.email.split('@')[0]!;

/** The verification link: after sign-up, on request, and to confirm a new address (then the old one is told). */
export async function sendVerificationMail(input: {
  user: MailUser;
  token: string;
  locale: Locale;
  validHours: number;
  /** Set when this confirms an email change: the address the account has now. */
  previousEmail?: string;
}): Promise<void> {
  const { user, token, locale, validHours: hours, previousEmail } = input;
  const url = link(`/verify-email?token=${encodeURIComponent(token)}`);
  const name = displayName(user);
  if (!previousEmail) {
    await queueMail({ to: user.email, ...verifyEmailMail(locale, { name, url, hours }) });
    return;
  }
  await queueMail({ to: user.email, ...confirmNewEmailMail(locale, { name, url, hours }) });
  await queueMail({
    to: previousEmail,
    ...emailChangeRequestedMail(locale, { name, newEmail: user.email, url: link('/account') }),
  });
}

export async function sendPasswordResetMail(input: {
  user: MailUser;
  token: string;
  locale: Locale;
  validMinutes: number;
}): Promise<void> {
  const url = link(`/reset-password?token=${encodeURIComponent(input.token)}`);
  await queueMail({
    to: input.user.email,
    ...resetPasswordMail(input.locale, { name: displayName(input.user), url, minutes: input.validMinutes }),
  });
}

export async function sendPasswordChangedNotice(input: { user: MailUser; locale: Locale }): Promise<void> {
  await queueMail({
    to: input.user.email,
    ...passwordChangedMail(input.locale, { name: displayName(input.user), url: link('/sign-in') }),
  });
}

/** Sign-up with a registered address answers like any sign-up; the address's owner learns of it by mail. */
export async function sendExistingAccountNotice(input: { user: MailUser; locale: Locale }): Promise<void> {
  await queueMail({
    to: input.user.email,
    ...existingAccountSignUpMail(input.locale, {
      name: displayName(input.user),
      signInUrl: link('/sign-in'),
      resetUrl: link('/forgot-password'),
    }),
  });
}
