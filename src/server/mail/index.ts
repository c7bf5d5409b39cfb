// The mail door: build a mail with defineMail (copy per locale), queue it with queueMail. Nothing else sends mail:
// the job system's mail.send job delivers what queueMail queued.
import 'server-only';
export {
  defineMail,
  pickLocale,
  locales,
  type Locale,
  type MailContent,
  type MailTemplate,
  type RenderedMail,
} from './render';
export { queueMail, mailAvailable, drainMailOutbox, sendMailJob, pruneMailOutboxJob, type DrainResult } from './outbox';
export { verifyMailServer, type OutgoingMail } from './transport';
export { listDevInbox, findDevInboxMail, type DevInboxRow } from './repository';
