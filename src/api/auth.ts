import 'server-only';
import {
  recordAccountEvent,
  sendExistingAccountNotice,
  sendPasswordChangedNotice,
  sendPasswordResetMail,
  sendVerificationMail,
} from '@/modules/accounts';
import { recordSignIn } from '@/modules/audit';
import { removeDeletedAccount } from '@/modules/members';
import { invitationAdmitsSignUp } from '@/modules/invitations';
import { createFirstWorkspace } from '@/modules/workspaces';
import { getAuth } from '@/server/auth/auth';
import { registerAccountHooks } from '@/server/auth/hooks';
import { registerAccountLifecycle } from '@/server/auth/lifecycle';
import { authRouteHandler } from '@/server/auth/route';

// Composition root for accounts: better-auth (infrastructure) reacts to new users and sessions, and runs the
// account lifecycle (which mail to queue, what to audit), with use cases from the modules. Everything that can
// create an account or a session imports auth from here.
registerAccountHooks({
  userCreated: createFirstWorkspace,
  sessionCreated: recordSignIn,
  invitationAdmitsSignUp,
});
registerAccountLifecycle({
  verificationMail: sendVerificationMail,
  resetPasswordMail: sendPasswordResetMail,
  passwordChangedNotice: sendPasswordChangedNotice,
  existingAccountSignUp: sendExistingAccountNotice,
  accountEvent: recordAccountEvent,
  prepareAccountDeletion: removeDeletedAccount,
});

export { authRouteHandler, getAuth };
