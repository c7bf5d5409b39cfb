import 'server-only';
export { INVITATION_HEADER } from '@/shared/sign-up';
import { firstAccountId } from '../db/instance-admin';
import { env } from '../env';
import { AppError } from '../errors';
import { accountHooks } from './hooks';
import { adminEmails } from './instance-admin';

// Who may create an account on this instance (TIKA_SIGN_UP, TIKA_SIGN_UP_DOMAINS). Checked by the auth route
// before the auth library sees a sign-up, so the answer is the same whether or not the address has an account
// already (the library answers those differently, and a difference would tell which addresses are registered).

export type SignUpRule = 'open' | 'domains' | 'closed';

/** What this instance's settings say, for the sign-up page and the operations view. */
export function signUpRule(): { rule: SignUpRule; domains: string[] } {
  const { TIKA_SIGN_UP, signUpDomains } = env();
  if (TIKA_SIGN_UP === 'closed') return { rule: 'closed', domains: [] };
  return signUpDomains.length ? { rule: 'domains', domains: signUpDomains } : { rule: 'open', domains: [] };
}

function domainOf(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? '' : email.slice(at + 1).toLowerCase();
}

/**
 * Refuses a sign-up this instance does not allow (403 SIGN_UP_CLOSED or SIGN_UP_DOMAIN_NOT_ALLOWED). Always
 * allowed: a pending invitation for this address (or an unbound invitation link), an address named in
 * TIKA_ADMIN_EMAILS, and — without that list — the first account of an empty instance, who becomes its admin.
 */
export async function assertSignUpAllowed(email: string, invitationToken: string | null): Promise<void> {
  const { rule, domains } = signUpRule();
  const normalised = email.normalize('NFKC').trim().toLowerCase();
  if (rule === 'open') return;
  if (rule === 'domains' && domains.includes(domainOf(normalised))) return;
  const admins = adminEmails();
  if (admins.includes(normalised)) return;
  if (!admins.length && (await firstAccountId()) === null) return;
  if (invitationToken && (await accountHooks().invitationAdmitsSignUp(invitationToken, normalised))) return;
  if (rule === 'closed')
    throw new AppError(
      'SIGN_UP_CLOSED',
      'This server does not take new sign-ups. Ask a workspace owner for an invitation, then sign up from its link.',
    );
  throw new AppError(
    'SIGN_UP_DOMAIN_NOT_ALLOWED',
    `This server takes sign-ups only for addresses at ${domains.join(', ')}. Use such an address, or sign up from an invitation link.`,
    {
      fields: [{ path: 'body.email', message: `Use an address at ${domains.join(', ')}`, code: 'domain_not_allowed' }],
    },
  );
}
