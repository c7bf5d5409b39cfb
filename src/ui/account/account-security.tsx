'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { renderSVG } from 'uqr';
import {
  Button,
  ErrorMessage,
  Field,
  Input,
  Loading,
  Page,
  PageHeader,
  Section,
  ThemeToggle,
  buttonClass,
  formatDate,
} from '../components';
import { safeNextPath } from '../safe-next';
import { authFetch, describeAuthError } from './auth-errors';
import { describeAddress, describeDevice } from './device';
import { DeleteAccountSection } from './delete-account';

interface SessionUser {
  id: string;
  email: string;
  name: string;
  twoFactorEnabled?: boolean;
}
interface SessionRow {
  id: string;
  token: string;
  userAgent?: string | null;
  ipAddress?: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The signed-in user's own security settings (/account): second factor and sessions. */
export function AccountSecurity({ next = null }: { next?: string | null }) {
  const router = useRouter();
  const [current, setCurrent] = useState<{ user: SessionUser; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const result = await authFetch('GET', '/get-session');
    const data = result.ok ? (result.data as { user: SessionUser; session: { token: string } } | null) : null;
    if (result.ok && !data) {
      router.replace('/sign-in?next=/account');
      return;
    }
    if (!data) setError(describeAuthError(result.ok ? null : result.error));
    else setCurrent({ user: data.user, token: data.session.token });
  }, [router]);
  useEffect(() => {
    void load();
  }, [load]);

  // Sent here by a workspace that requires a second factor: back there once it is on.
  const back = typeof window === 'undefined' ? '/w' : safeNextPath(next, window.location.origin);
  return (
    <Page className="max-w-3xl">
      <PageHeader
        title="Your account"
        description={
          current ? (
            <>
              Signed in as <strong className="text-fg">{current.user.name}</strong> ({current.user.email}).
            </>
          ) : undefined
        }
        actions={
          <>
            <Link href={back} className={buttonClass({ variant: back === '/w' ? 'secondary' : 'primary' })}>
              {back === '/w' ? 'Back to Tika' : 'Continue where you were'}
            </Link>
            <ThemeToggle />
          </>
        }
      />
      {error ? <ErrorMessage error={error} /> : null}
      {!current && !error ? <Loading /> : null}
      {current ? (
        <>
          <TwoFactorSection enabled={current.user.twoFactorEnabled === true} onChange={load} />
          <SessionsSection currentToken={current.token} />
          <DeleteAccountSection />
        </>
      ) : null}
    </Page>
  );
}

type Enrolment = { totpURI: string; backupCodes: string[] };

function secretOf(totpURI: string): string {
  return new URL(totpURI).searchParams.get('secret') ?? '';
}

function TwoFactorSection({ enabled, onChange }: { enabled: boolean; onChange: () => Promise<void> }) {
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [newCodes, setNewCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function call(path: string, body: object): Promise<unknown> {
    setBusy(true);
    setError(null);
    setStatus(null);
    const result = await authFetch('POST', path, body);
    setBusy(false);
    if (!result.ok) {
      setError(describeAuthError(result.error));
      return null;
    }
    return result.data ?? {};
  }
  const password = (event: FormEvent<HTMLFormElement>) =>
    String(new FormData(event.currentTarget).get('password') ?? '');

  async function start(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = (await call('/two-factor/enable', { password: password(event) })) as Enrolment | null;
    if (data) setEnrolment(data);
  }
  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '').replace(/\s+/g, '');
    if (!(await call('/two-factor/verify-totp', { code }))) return;
    setEnrolment(null);
    setStatus('Two-factor authentication is on. Your other sessions were signed out.');
    await onChange();
  }
  async function disable(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!(await call('/two-factor/disable', { password: password(event) }))) return;
    setNewCodes(null);
    setStatus('Two-factor authentication is off. Your other sessions were signed out.');
    await onChange();
  }
  async function regenerate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = (await call('/two-factor/generate-backup-codes', { password: password(event) })) as {
      backupCodes: string[];
    } | null;
    if (data) setNewCodes(data.backupCodes);
  }

  return (
    <Section title="Two-factor authentication" id="two-factor-heading">
      <div className="flex flex-col gap-4">
        <p role="status" className="text-sm">
          {enabled ? (
            <>
              <strong className="text-success">On</strong>: signing in asks for a code from your authenticator app.
            </>
          ) : (
            <>
              <strong>Off</strong>: signing in needs only your password.
            </>
          )}
        </p>
        {status ? <p className="text-sm text-muted">{status}</p> : null}
        <ErrorMessage error={error} id="two-factor-error" />
        {!enabled && !enrolment ? (
          <form onSubmit={(event) => void start(event)} className="flex max-w-sm flex-col gap-3">
            <PasswordField />
            <Button type="submit" variant="primary" disabled={busy} className="self-start">
              Set up two-factor authentication
            </Button>
          </form>
        ) : null}
        {enrolment ? (
          <div className="flex flex-col gap-4">
            <p className="text-sm">
              Scan this code with an authenticator app (for example one that reads otpauth QR codes), then enter the
              6-digit code it shows.
            </p>
            <div
              className="size-48 rounded-md border border-border bg-white p-2 [&_svg]:size-full"
              role="img"
              aria-label="QR code of the authenticator secret"
              dangerouslySetInnerHTML={{ __html: renderSVG(enrolment.totpURI) }}
            />
            <p className="text-sm">
              Or enter this key by hand:{' '}
              <code className="rounded bg-sunken px-1.5 py-0.5 font-mono break-all" data-testid="totp-secret">
                {secretOf(enrolment.totpURI)}
              </code>
            </p>
            <BackupCodes codes={enrolment.backupCodes} />
            <form onSubmit={(event) => void confirm(event)} className="flex max-w-sm flex-col gap-3">
              <Field label="Code from the app">
                <Input
                  name="code"
                  autoComplete="one-time-code"
                  inputMode="numeric"
                  pattern="[0-9 ]{6,7}"
                  maxLength={7}
                  required
                  className="font-mono tracking-widest"
                />
              </Field>
              <Button type="submit" variant="primary" disabled={busy} className="self-start">
                Turn on two-factor authentication
              </Button>
            </form>
          </div>
        ) : null}
        {enabled ? (
          <>
            {newCodes ? <BackupCodes codes={newCodes} /> : null}
            <div className="grid gap-6 sm:grid-cols-2">
              <form
                onSubmit={(event) => void regenerate(event)}
                className="flex flex-col gap-3"
                aria-label="New backup codes"
              >
                <PasswordField />
                <Button type="submit" disabled={busy} className="self-start whitespace-normal">
                  Make new backup codes (the old ones stop working)
                </Button>
              </form>
              <form
                onSubmit={(event) => void disable(event)}
                className="flex flex-col gap-3"
                aria-label="Turn off two-factor authentication"
              >
                <PasswordField />
                <Button type="submit" variant="danger" disabled={busy} className="self-start">
                  Turn off two-factor authentication
                </Button>
              </form>
            </div>
          </>
        ) : null}
      </div>
    </Section>
  );
}

function PasswordField() {
  return (
    <Field label="Your password">
      <Input name="password" type="password" autoComplete="current-password" maxLength={128} required />
    </Field>
  );
}

function BackupCodes({ codes }: { codes: string[] }) {
  return (
    <div
      className="flex flex-col gap-2 rounded-lg border border-warning/40 bg-sunken p-4 text-sm"
      role="region"
      aria-label="Backup codes"
    >
      <p>
        <strong>Backup codes</strong> — keep them somewhere safe. Each signs you in once if you lose your phone; they
        are not shown again.
      </p>
      <ul className="grid w-max grid-cols-2 gap-x-8 gap-y-1 font-mono" data-testid="backup-codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
    </div>
  );
}

function SessionsSection({ currentToken }: { currentToken: string }) {
  const router = useRouter();
  const [sessions, setSessions] = useState<SessionRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const result = await authFetch('GET', '/list-sessions');
    if (result.ok) setSessions(result.data as SessionRow[]);
    else setError(describeAuthError(result.error));
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  async function revoke(path: string, body: object, signsMeOut = false) {
    setError(null);
    const result = await authFetch('POST', path, body);
    if (!result.ok) return setError(describeAuthError(result.error));
    if (signsMeOut) {
      router.replace('/sign-in');
      router.refresh();
      return;
    }
    await load();
  }

  return (
    <Section
      title="Sessions"
      id="sessions-heading"
      description="Where your account is signed in. Sign out any session you do not recognise, and change your password."
    >
      <ErrorMessage error={error} className="mb-3" />
      {!sessions ? (
        <Loading />
      ) : (
        <ul className="divide-y divide-border" aria-label="Active sessions">
          {sessions.map((session) => {
            const mine = session.token === currentToken;
            return (
              <li
                key={session.id}
                data-testid="session"
                className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 py-3"
              >
                <span className="min-w-0 text-sm">
                  <strong className="font-medium">{describeDevice(session.userAgent)}</strong>
                  {mine ? <span className="text-accent"> (this browser)</span> : ''}
                  <span className="block text-muted">
                    {describeAddress(session.ipAddress)} · signed in {formatDate(session.createdAt)} · last seen{' '}
                    {formatDate(session.updatedAt)}
                  </span>
                </span>
                <Button
                  size="sm"
                  variant={mine ? 'danger-ghost' : 'secondary'}
                  onClick={() => void revoke('/revoke-session', { token: session.token }, mine)}
                  aria-label={`Sign out ${describeDevice(session.userAgent)}${mine ? ' (this browser)' : ''}`}
                >
                  Sign out
                </Button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="mt-4 flex flex-wrap gap-2">
        <Button onClick={() => void revoke('/revoke-other-sessions', {})}>Sign out all other sessions</Button>
        <Button variant="danger" onClick={() => void revoke('/revoke-sessions', {}, true)}>
          Sign out everywhere
        </Button>
      </div>
    </Section>
  );
}
