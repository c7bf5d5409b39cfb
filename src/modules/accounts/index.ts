// The accounts module: the account lifecycle around the auth library (mail, verification, reset, two-factor,
// sessions, deletion, single sign-on) and instance administration. Its only door.
import 'server-only';
export { readDevInbox, type DevInboxView } from './read-dev-inbox';
export {
  sendVerificationMail,
  sendPasswordResetMail,
  sendPasswordChangedNotice,
  sendExistingAccountNotice,
} from './send-account-mail';
export { recordAccountEvent } from './record-account-event';
