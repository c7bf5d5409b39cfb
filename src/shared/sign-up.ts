/**
 * The header the sign-up page sends with the invitation the visitor came from (/invite/{token}): where sign-up
 * is closed or limited to some domains, a pending invitation for the address still lets its holder in.
 */
export const INVITATION_HEADER = 'x-tika-invitation';

/** The invitation token of a `next` path that leads back to an invitation page, or null. */
export function invitationOfNextPath(next: string | null): string | null {
  return /^\/invite\/([A-Za-z0-9_-]+)$/.exec(next ?? '')?.[1] ?? null;
}

/**
 * What a successful sign-up answers (POST /api/auth/sign-up/email): the same for a new address and one that has an
 * account already — no session, no user — so the answer never tells which addresses are registered (issue #12).
 * The owner of a registered address is mailed instead. `emailVerificationRequired` is the instance's setting, the
 * same for every address: when off, the client signs in with the password it just chose; when on, it asks the user
 * to follow the link mailed to them.
 */
export interface SignUpAnswer {
  status: 'ok';
  emailVerificationRequired: boolean;
}
