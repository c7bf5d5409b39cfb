// invitations: invite links (optionally bound to an email) and accepting them.
import 'server-only';
export { listInvitations } from './list-invitations';
export { createInvitation } from './create-invitation';
export { revokeInvitation } from './revoke-invitation';
export { acceptInvitation } from './accept-invitation';
export { previewInvitation } from './preview-invitation';
export { invitationAdmitsSignUp } from './invitation-admits-sign-up';
export * from './schemas';
export * from './endpoints';
export * as endpoints from './endpoints';
