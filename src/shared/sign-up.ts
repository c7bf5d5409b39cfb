/**
 * The header the sign-up page sends with the invitation the visitor came from (/invite/{token}): where sign-up
 * is closed or limited to some domains, a pending invitation for the address still lets its holder in.
 */
export const INVITATION_HEADER = 'x-tika-invitation';

/** The invitation token of a `next` path that leads back to an invitation page, or null. */
export function invitationOfNextPath(next: string | null): string | null {
  return /^\/invite\/([A-Za-z0-9_-]+)$/.exec(next ?? '')?.[1] ?? null;
}
