import type { Metadata } from 'next';
import Link from 'next/link';
import { loadDevInbox } from '@/api/pages';

export const metadata: Metadata = { title: 'Dev inbox · Tika', referrer: 'no-referrer' };

const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/g;

/** Plain text with its links clickable. */
function Linked({ text }: { text: string }) {
  return (
    <pre className="mail-text">
      {text.split(URL_PATTERN).map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part}>
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </pre>
  );
}

export default async function DevInboxPage() {
  const inbox = await loadDevInbox();
  return (
    <main className="stack">
      <h1>Dev inbox</h1>
      {!inbox.enabled ? (
        <p>This server sends mail through SMTP (or has mail turned off), so there is no dev inbox.</p>
      ) : !inbox.viewer ? (
        <p>
          This server has no mail server (SMTP_URL is not set): mail goes to the server log and here.{' '}
          <Link href="/sign-in?next=/dev/inbox">Sign in</Link> to see the mail sent to your address; the server log
          shows every mail.
        </p>
      ) : (
        <>
          <p className="muted">
            This server has no mail server (SMTP_URL is not set). Mail sent to {inbox.viewer.email} shows up here and in
            the server log.
          </p>
          {inbox.mails.length === 0 ? <p>No mail yet.</p> : null}
          <ul className="mail-list" aria-label="Mail">
            {inbox.mails.map((mail) => (
              <li key={mail.id}>
                <article aria-labelledby={`mail-${mail.id}`} data-testid="dev-mail">
                  <h2 id={`mail-${mail.id}`}>{mail.subject}</h2>
                  <p className="muted">
                    To {mail.to} · <time dateTime={mail.sentAt}>{new Date(mail.sentAt).toUTCString()}</time>
                  </p>
                  <Linked text={mail.text} />
                </article>
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}
