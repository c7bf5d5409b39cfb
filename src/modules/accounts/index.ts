// The accounts module: the account lifecycle around the auth library (mail, verification, reset, two-factor,
// sessions, deletion, single sign-on) and instance administration. Its only door.
export { readDevInbox, type DevInboxView } from './read-dev-inbox';
