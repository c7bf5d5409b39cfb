import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '@playwright/test';
import { cookieHeader, send, signUp, stack } from '../support/security-client';
import { launchChromium, signedInContext } from '../support/security-browser';
import { securityCounts } from '../support/security-results';

// Session cookies. Secure is decided by APP_URL's scheme (better-auth `useSecureCookies`), not by the request:
// behind Caddy APP_URL is https, so every auth cookie is Secure (and __Secure- prefixed) even on the plain-http
// hop between Caddy and the app. The replica's APP_URL is plain http on loopback: there its cookies are HttpOnly
// and SameSite=Lax but not Secure — a Secure cookie would never come back over http from a non-localhost host,
// so an http deployment could not keep anyone signed in. Run production behind TLS (docs/self-host.md).

const { check } = securityCounts('cookies-tls');

function attributes(setCookie: string) {
  const [pair, ...rest] = setCookie.split(';').map((s) => s.trim());
  const name = pair!.split('=')[0]!;
  const attrs = new Map(
    rest.map((a) => {
      const [k, ...v] = a.split('=');
      return [k!.toLowerCase(), v.join('=')] as const;
    }),
  );
  return { name, attrs };
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('session cookies', () => {
  it('behind TLS (Caddy, tls internal): sign-in sets HttpOnly, Secure, SameSite=Lax cookies (sign-up none), with HSTS', async () => {
    const { publicUrl } = stack();
    const email = `tls-${Date.now()}@example.test`;
    const password = 'a long tls password';
    const signUpReply = await send(`${publicUrl}/api/auth/sign-up/email`, {
      origin: publicUrl,
      body: { email, password, name: 'TLS' },
    });
    expect(signUpReply.status).toBe(200);
    // Sign-up opens no session (it answers a new and a registered address alike: sign-up-enumeration.test.ts).
    expect(signUpReply.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
    expect(signUpReply.setCookies).toEqual([]);
    const signInReply = await send(`${publicUrl}/api/auth/sign-in/email`, {
      origin: publicUrl,
      body: { email, password },
    });
    expect(signInReply.status).toBe(200);
    expect(signInReply.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
    const cookies = signInReply.setCookies.map(attributes);
    expect(cookies.map((c) => c.name)).toContain('__Secure-better-auth.session_token');
    for (const cookie of cookies) {
      expect(cookie.name, cookie.name).toMatch(/^__Secure-/);
      expect(cookie.attrs.has('httponly'), `${cookie.name} HttpOnly`).toBe(true);
      expect(cookie.attrs.has('secure'), `${cookie.name} Secure`).toBe(true);
      expect(cookie.attrs.get('samesite')?.toLowerCase(), `${cookie.name} SameSite`).toMatch(/^(lax|strict)$/);
    }
    check(cookies.length);
    // The cookie works through the proxy.
    const me = await send(`${publicUrl}/api/v1/me`, { cookie: cookieHeader(signInReply.setCookies) });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(email);
    check();
  });

  it('in a real browser over TLS: the session cookie is HttpOnly, Secure and SameSite, and invisible to page script', async () => {
    const account = await signUp();
    const { context, page } = await signedInContext(browser, account.email, account.password);
    try {
      const cookies = await context.cookies();
      const session = cookies.find((c) => c.name.endsWith('better-auth.session_token'));
      expect(session, JSON.stringify(cookies.map((c) => c.name))).toBeDefined();
      expect(session).toMatchObject({ httpOnly: true, secure: true });
      expect(['Lax', 'Strict']).toContain(session!.sameSite);
      expect(await page.evaluate(() => document.cookie)).not.toMatch(/session_token|session_data/);
      check(2);
    } finally {
      await context.close();
    }
  });

  it('over plain http (replica with an http APP_URL): HttpOnly and SameSite=Lax, not Secure', async () => {
    const { replicaUrl } = stack();
    const account = { email: `plain-${Date.now()}@example.test`, password: 'a long plain password' };
    const signedUp = await send(`${replicaUrl}/api/auth/sign-up/email`, {
      origin: replicaUrl,
      body: { ...account, name: 'Plain' },
    });
    expect(signedUp.status).toBe(200);
    const reply = await send(`${replicaUrl}/api/auth/sign-in/email`, { origin: replicaUrl, body: account });
    expect(reply.status).toBe(200);
    const cookies = reply.setCookies.map(attributes);
    expect(cookies.map((c) => c.name)).toContain('better-auth.session_token');
    for (const cookie of cookies) {
      expect(cookie.attrs.has('httponly')).toBe(true);
      expect(cookie.attrs.get('samesite')?.toLowerCase()).toMatch(/^(lax|strict)$/);
      expect(cookie.attrs.has('secure')).toBe(false);
    }
    check(cookies.length);
  });
});
