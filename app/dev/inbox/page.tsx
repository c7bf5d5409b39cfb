import type { Metadata } from 'next';
import Link from 'next/link';
import { loadDevInbox } from '@/api/pages';
import { EmptyState, Page, PageHeader } from '@/ui/components';

export const metadata: Metadata = { title: 'Dev inbox · Tika', referrer: 'no-referrer' };

const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/g;

/** Plain text with its links clickable. */
function Linked({ text }: { text: string }) {
  return (
    <pre className="mail-text mt-3 font-sans text-sm break-words whitespace-pre-wrap">
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
    <Page>
      <PageHeader
        title="Dev inbox"
        description={
          inbox.enabled && inbox.viewer
            ? `This server has no mail server (SMTP_URL is not set). Mail sent to ${inbox.viewer.email} shows up here and in the server log.`
            : undefined
        }
      />
      {!inbox.enabled ? (
        <p className="text-sm">
          This server sends mail through SMTP (or has mail turned off), so there is no dev inbox.
        </p>
      ) : !inbox.viewer ? (
        <p className="text-sm">
          This server has no mail server (SMTP_URL is not set): mail goes to the server log and here.{' '}
          <Link href="/sign-in?next=/dev/inbox">Sign in</Link> to see the mail sent to your address; the server log
          shows every mail.
        </p>
      ) : (
        <>
          {inbox.mails.length === 0 ? <EmptyState title="No mail yet." /> : null}
          <ul className="mail-list flex flex-col gap-4" aria-label="Mail">
            {inbox.mails.map((mail) => (
              <li key={mail.id}>
                <article
                  aria-labelledby={`mail-${mail.id}`}
                  data-testid="dev-mail"
                  className="rounded-xl border border-border bg-surface p-4 shadow-xs"
                >
                  <h2 id={`mail-${mail.id}`} className="text-base font-semibold">
                    {mail.subject}
                  </h2>
                  <p className="mt-0.5 text-xs text-muted">
                    To {mail.to} · <time dateTime={mail.sentAt}>{new Date(mail.sentAt).toUTCString()}</time>
                  </p>
                  <Linked text={mail.text} />
                </article>
              </li>
            ))}
          </ul>
        </>
      )}
    </Page>
  );
}
