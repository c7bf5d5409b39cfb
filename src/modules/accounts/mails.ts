import 'server-only';
import { defineMail } from '../../server/mail';

// The account lifecycle's mail, one definition each, in every supported locale. Links are built by the sender.

const hello = { en: (name: string) => `Hi ${name},`, de: (name: string) => `Hallo ${name},` };

export const verifyEmailMail = defineMail<{ name: string; url: string; hours: number }>('verify-email', {
  en: ({ name, url, hours }) => ({
    subject: 'Confirm your email address for Tika',
    greeting: hello.en(name),
    paragraphs: ['Please confirm that this is your email address, so that invitations sent to it can reach you.'],
    action: { label: 'Confirm my email address', url },
    notes: [`The link works for ${hours} hours.`, 'If you did not create a Tika account, you can ignore this mail.'],
  }),
  de: ({ name, url, hours }) => ({
    subject: 'Bestätigen Sie Ihre E-Mail-Adresse für Tika',
    greeting: hello.de(name),
    paragraphs: ['Bitte bestätigen Sie, dass dies Ihre E-Mail-Adresse ist, damit Einladungen an sie Sie erreichen.'],
    action: { label: 'E-Mail-Adresse bestätigen', url },
    notes: [
      `Der Link ist ${hours} Stunden gültig.`,
      'Wenn Sie kein Tika-Konto angelegt haben, können Sie diese E-Mail ignorieren.',
    ],
  }),
});

export const confirmNewEmailMail = defineMail<{ name: string; url: string; hours: number }>('confirm-new-email', {
  en: ({ name, url, hours }) => ({
    subject: 'Confirm your new email address for Tika',
    greeting: hello.en(name),
    paragraphs: ['You asked to sign in to Tika with this address from now on. Confirm it to make the change.'],
    action: { label: 'Use this email address', url },
    notes: [
      `The link works for ${hours} hours.`,
      'Nothing changes until you confirm; if it was not you, ignore this mail.',
    ],
  }),
  de: ({ name, url, hours }) => ({
    subject: 'Bestätigen Sie Ihre neue E-Mail-Adresse für Tika',
    greeting: hello.de(name),
    paragraphs: [
      'Sie möchten sich ab jetzt mit dieser Adresse bei Tika anmelden. Bestätigen Sie sie, um die Änderung abzuschließen.',
    ],
    action: { label: 'Diese E-Mail-Adresse verwenden', url },
    notes: [
      `Der Link ist ${hours} Stunden gültig.`,
      'Bis zur Bestätigung ändert sich nichts; wenn Sie das nicht waren, ignorieren Sie diese E-Mail.',
    ],
  }),
});

export const emailChangeRequestedMail = defineMail<{ name: string; newEmail: string; url: string }>(
  'email-change-requested',
  {
    en: ({ name, newEmail, url }) => ({
      subject: 'Your Tika email address is being changed',
      greeting: hello.en(name),
      paragraphs: [
        `Someone signed in to your Tika account asked to change its email address to ${newEmail}. The change happens only when that address is confirmed.`,
        'If this was not you, change your password now: your account may be in someone else’s hands.',
      ],
      action: { label: 'Review your account', url },
    }),
    de: ({ name, newEmail, url }) => ({
      subject: 'Die E-Mail-Adresse Ihres Tika-Kontos wird geändert',
      greeting: hello.de(name),
      paragraphs: [
        `Jemand, der bei Ihrem Tika-Konto angemeldet ist, möchte dessen E-Mail-Adresse auf ${newEmail} ändern. Die Änderung erfolgt erst, wenn diese Adresse bestätigt ist.`,
        'Wenn Sie das nicht waren, ändern Sie jetzt Ihr Passwort: Ihr Konto ist möglicherweise in fremden Händen.',
      ],
      action: { label: 'Konto prüfen', url },
    }),
  },
);

export const resetPasswordMail = defineMail<{ name: string; url: string; minutes: number }>('reset-password', {
  en: ({ name, url, minutes }) => ({
    subject: 'Reset your Tika password',
    greeting: hello.en(name),
    paragraphs: ['Someone asked to reset the password of your Tika account. Choose a new one with this link.'],
    action: { label: 'Choose a new password', url },
    notes: [
      `The link works once, for ${minutes} minutes. Setting a new password signs you out everywhere.`,
      'If you did not ask for this, ignore this mail: your password stays as it is.',
    ],
  }),
  de: ({ name, url, minutes }) => ({
    subject: 'Setzen Sie Ihr Tika-Passwort zurück',
    greeting: hello.de(name),
    paragraphs: ['Jemand möchte das Passwort Ihres Tika-Kontos zurücksetzen. Wählen Sie mit diesem Link ein neues.'],
    action: { label: 'Neues Passwort wählen', url },
    notes: [
      `Der Link funktioniert einmal und ist ${minutes} Minuten gültig. Ein neues Passwort meldet Sie überall ab.`,
      'Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt unverändert.',
    ],
  }),
});

export const passwordChangedMail = defineMail<{ name: string; url: string }>('password-changed', {
  en: ({ name, url }) => ({
    subject: 'Your Tika password was changed',
    greeting: hello.en(name),
    paragraphs: [
      'The password of your Tika account was just changed, and your other sessions were signed out.',
      'If this was not you, reset your password now with “Forgot your password?” on the sign-in page.',
    ],
    action: { label: 'Sign in', url },
  }),
  de: ({ name, url }) => ({
    subject: 'Ihr Tika-Passwort wurde geändert',
    greeting: hello.de(name),
    paragraphs: [
      'Das Passwort Ihres Tika-Kontos wurde soeben geändert, und Ihre anderen Sitzungen wurden abgemeldet.',
      'Wenn Sie das nicht waren, setzen Sie Ihr Passwort jetzt über „Passwort vergessen?“ auf der Anmeldeseite zurück.',
    ],
    action: { label: 'Anmelden', url },
  }),
});

export const existingAccountSignUpMail = defineMail<{ name: string; signInUrl: string; resetUrl: string }>(
  'existing-account-sign-up',
  {
    en: ({ name, signInUrl, resetUrl }) => ({
      subject: 'Someone tried to sign up to Tika with your email address',
      greeting: hello.en(name),
      paragraphs: [
        'Someone just tried to create a Tika account with this email address. You already have one, so nothing was created and nothing about your account changed.',
        `If it was you, sign in instead (${signInUrl}). If you forgot your password, reset it:`,
      ],
      action: { label: 'Reset my password', url: resetUrl },
      notes: ['If it was not you, you can ignore this mail.'],
    }),
    de: ({ name, signInUrl, resetUrl }) => ({
      subject: 'Jemand wollte sich mit Ihrer E-Mail-Adresse bei Tika registrieren',
      greeting: hello.de(name),
      paragraphs: [
        'Jemand hat gerade versucht, mit dieser E-Mail-Adresse ein Tika-Konto anzulegen. Sie haben bereits eines; es wurde nichts angelegt und an Ihrem Konto nichts geändert.',
        `Wenn Sie das waren, melden Sie sich stattdessen an (${signInUrl}). Falls Sie Ihr Passwort vergessen haben, setzen Sie es zurück:`,
      ],
      action: { label: 'Passwort zurücksetzen', url: resetUrl },
      notes: ['Wenn Sie das nicht waren, können Sie diese E-Mail ignorieren.'],
    }),
  },
);
