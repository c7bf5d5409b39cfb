'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { renderSVG } from 'uqr';
import { ErrorMessage, Loading, formatDate } from '../components';
import { safeNextPath } from '../safe-next';
import { authFetch, describeAuthError } from './auth-errors';
import { describeAddress, describeDevice } from './device';

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

/** The signed-in user's own security settings: second factor and sessions. */
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

  if (error) return <ErrorMessage error={error} />;
  if (!current) return <Loading />;
  // Sent here by a workspace that requires a second factor: back there once it is on.
  const back = typeof window === 'undefined' ? '/w' : safeNextPath(next, window.location.origin);
  return (
    <div className="stack">
      <p>
        Signed in as <strong>{current.user.name}</strong> ({current.user.email}).{' '}
        <Link href={back}>{back === '/w' ? 'Back to Tika' : 'Continue where you were'}</Link>
      </p>
      <TwoFactorSection enabled={current.user.twoFactorEnabled === true} onChange={load} />
      <SessionsSection currentToken={current.token} />
    </div>
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
    <section aria-labelledby="two-factor-heading" className="stack">
      <h2 id="two-factor-heading">Two-factor authentication</h2>
      <p role="status">
        {enabled
          ? 'On: signing in asks for a code from your authenticator app.'
          : 'Off: signing in needs only your password.'}
      </p>
      {status ? <p className="muted">{status}</p> : null}
      <ErrorMessage error={error} id="two-factor-error" />
      {!enabled && !enrolment ? (
        <form onSubmit={(event) => void start(event)} className="stack">
          <PasswordField />
          <button type="submit" className="primary" disabled={busy}>
            Set up two-factor authentication
          </button>
        </form>
      ) : null}
      {enrolment ? (
        <div className="stack">
          <p>
            Scan this code with an authenticator app (for example one that reads otpauth QR codes), then enter the
            6-digit code it shows.
          </p>
          <div
            className="qr"
            role="img"
            aria-label="QR code of the authenticator secret"
            dangerouslySetInnerHTML={{ __html: renderSVG(enrolment.totpURI) }}
          />
          <p>
            Or enter this key by hand: <code data-testid="totp-secret">{secretOf(enrolment.totpURI)}</code>
          </p>
          <BackupCodes codes={enrolment.backupCodes} />
          <form onSubmit={(event) => void confirm(event)} className="stack">
            <label>
              Code from the app
              <input
                name="code"
                autoComplete="one-time-code"
                inputMode="numeric"
                pattern="[0-9 ]{6,7}"
                maxLength={7}
                required
              />
            </label>
            <button type="submit" className="primary" disabled={busy}>
              Turn on two-factor authentication
            </button>
          </form>
        </div>
      ) : null}
      {enabled ? (
        <>
          {newCodes ? <BackupCodes codes={newCodes} /> : null}
          <form onSubmit={(event) => void regenerate(event)} className="stack" aria-label="New backup codes">
            <PasswordField />
            <button type="submit" disabled={busy}>
              Make new backup codes (the old ones stop working)
            </button>
          </form>
          <form
            onSubmit={(event) => void disable(event)}
            className="stack"
            aria-label="Turn off two-factor authentication"
          >
            <PasswordField />
            <button type="submit" className="danger" disabled={busy}>
              Turn off two-factor authentication
            </button>
          </form>
        </>
      ) : null}
    </section>
  );
}

function PasswordField() {
  return (
    <label>
      Your password
      <input name="password" type="password" autoComplete="current-password" maxLength={128} required />
    </label>
  );
}

function BackupCodes({ codes }: { codes: string[] }) {
  return (
    <div className="stack" role="region" aria-label="Backup codes">
      <p>
        <strong>Backup codes</strong> — keep them somewhere safe. Each signs you in once if you lose your phone; they
        are not shown again.
      </p>
      <ul className="backup-codes" data-testid="backup-codes">
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
    <section aria-labelledby="sessions-heading" className="stack">
      <h2 id="sessions-heading">Sessions</h2>
      <p className="muted">
        Where your account is signed in. Sign out any session you do not recognise, and change your password.
      </p>
      <ErrorMessage error={error} />
      {!sessions ? (
        <Loading />
      ) : (
        <ul className="session-list" aria-label="Active sessions">
          {sessions.map((session) => {
            const mine = session.token === currentToken;
            return (
              <li key={session.id} data-testid="session">
                <span>
                  <strong>{describeDevice(session.userAgent)}</strong>
                  {mine ? ' (this browser)' : ''}
                  <br />
                  <span className="muted">
                    {describeAddress(session.ipAddress)} · signed in {formatDate(session.createdAt)} · last seen{' '}
                    {formatDate(session.updatedAt)}
                  </span>
                </span>
                <button
                  type="button"
                  onClick={() => void revoke('/revoke-session', { token: session.token }, mine)}
                  aria-label={`Sign out ${describeDevice(session.userAgent)}${mine ? ' (this browser)' : ''}`}
                >
                  Sign out
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="row">
        <button type="button" onClick={() => void revoke('/revoke-other-sessions', {})}>
          Sign out all other sessions
        </button>
        <button type="button" className="danger" onClick={() => void revoke('/revoke-sessions', {}, true)}>
          Sign out everywhere
        </button>
      </div>
    </section>
  );
}
