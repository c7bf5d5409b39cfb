import 'server-only';
import type { RequestMeta } from '../context';
import { env } from '../env';
import { clientIp, requestIdFrom } from '../http/request-meta';
import { pickLocale, type Locale } from '../mail';

// The account lifecycle's product side — which mail to send, what to write to the audit log — lives in
// src/modules/accounts; better-auth (infrastructure) calls it through this registry, filled in by the
// composition root (src/api/auth.ts). On globalThis: Next bundles route handlers separately.

export interface MailUser {
  email: string;
  name: string;
}

/** Something that happened to an account, for the audit log of every workspace the account belongs to. */
export type AccountEvent =
  | 'email-verified'
  | 'email-change-requested'
  | 'email-changed'
  | 'password-reset'
  | 'password-changed'
  | 'two-factor-enabled'
  | 'two-factor-disabled'
  | 'backup-codes-regenerated'
  | 'session-revoked'
  | 'other-sessions-revoked'
  | 'all-sessions-revoked'
  | 'account-deleted';

export interface AccountLifecycle {
  verificationMail(input: {
    user: MailUser;
    token: string;
    locale: Locale;
    validHours: number;
    previousEmail?: string;
  }): Promise<void>;
  resetPasswordMail(input: { user: MailUser; token: string; locale: Locale; validMinutes: number }): Promise<void>;
  passwordChangedNotice(input: { user: MailUser; locale: Locale }): Promise<void>;
  existingAccountSignUp(input: { user: MailUser; locale: Locale }): Promise<void>;
  /**
   * The account is about to be deleted (its password was just checked): leave every workspace, revoking its tokens
   * and auditing it there; throws (409 ACCOUNT_OWNS_WORKSPACES) while it owns one, and then nothing is deleted.
   */
  prepareAccountDeletion(userId: string, meta: RequestMeta): Promise<{ workspaces: number }>;
  accountEvent(
    userId: string,
    meta: RequestMeta,
    event: AccountEvent,
    details?: Record<string, unknown>,
  ): Promise<void>;
}

const key = Symbol.for('tika.auth.lifecycle');
type Holder = { [key]?: AccountLifecycle };

export function registerAccountLifecycle(lifecycle: AccountLifecycle): void {
  (globalThis as Holder)[key] = lifecycle;
}

export function accountLifecycle(): AccountLifecycle {
  const lifecycle = (globalThis as Holder)[key];
  if (!lifecycle) throw new Error('The account lifecycle is not registered: import src/api/auth.ts first');
  return lifecycle;
}

/** The language of mail caused by this request. */
export function localeOf(request: Request | undefined | null): Locale {
  return pickLocale(request?.headers.get('accept-language'), env().MAIL_DEFAULT_LOCALE);
}

export function metaOf(request: Request | Headers | undefined | null): RequestMeta {
  const headers = request instanceof Headers ? request : (request?.headers ?? new Headers());
  return {
    requestId: requestIdFrom(headers),
    ip: clientIp(headers),
    userAgent: headers.get('user-agent')?.slice(0, 512) ?? null,
  };
}
