import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { api } from '../support/api';
import { authCall, mergeCookies } from '../support/auth-http';
import { expectProblem, ok, warmUp } from '../support/fixtures';
import { describeAddress } from '../../src/ui/account/device';

// A user's sessions through Tika's auth route into better-auth: each one with its device, address and last use;
// revoking one, all the others, or all of them; never someone else's. Every revocation is in the audit log.

beforeAll(async () => {
  await warmUp();
});
afterEach(() => {
  vi.useRealTimers();
});

const password = 'correct horse battery';
const devices = {
  laptop: { ip: '198.51.100.10', ua: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' },
  phone: {
    ip: '198.51.100.20',
    ua: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
  },
  tablet: {
    ip: '2001:db8::30',
    ua: 'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  },
};
type Device = keyof typeof devices;

const call = (device: Device, method: 'GET' | 'POST', path: string, init: { body?: unknown; cookie?: string } = {}) =>
  authCall(method, path, { ...init, ip: devices[device].ip, headers: { 'user-agent': devices[device].ua } });

interface SessionRow {
  id: string;
  token: string;
  ipAddress: string | null;
  userAgent: string | null;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
}

const alive = async (cookie: string) =>
  (await call('laptop', 'GET', '/get-session?disableCookieCache=true', { cookie })).body !== null;
const listed = async (cookie: string) => {
  const reply = await call('laptop', 'GET', '/list-sessions', { cookie });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body as SessionRow[];
};
const audited = async (cookie: string, action: string) =>
  (await api({ cookie }, 'GET', `/audit-log?action=${action}`)).body.data as {
    actorId: string;
    resourceType: string;
    ip: string | null;
  }[];

/** One account signed in on three devices: the laptop signed up (which opens no session), then all three signed in. */
async function signedInEverywhere() {
  const email = `${randomUUID()}@example.test`;
  const up = await call('laptop', 'POST', '/sign-up/email', { body: { email, password, name: 'Sam Sessions' } });
  expect(up.status, JSON.stringify(up.body)).toBe(200);
  const cookies = {} as Record<Device, string>;
  let userId = '';
  for (const device of ['laptop', 'phone', 'tablet'] as const) {
    const reply = await call(device, 'POST', '/sign-in/email', { body: { email, password } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    cookies[device] = reply.cookie;
    userId = (reply.body as { user: { id: string } }).user.id;
  }
  return { email, cookies, userId };
}

const tokenOf = (rows: SessionRow[], device: Device) => rows.find((r) => r.userAgent === devices[device].ua)!.token;

describe('a user sees their sessions', () => {
  it('lists each session with its device, address, when it started and when it was last used', async () => {
    const { cookies } = await signedInEverywhere();
    const rows = await listed(cookies.laptop);
    expect(rows).toHaveLength(3);
    for (const device of Object.keys(devices) as Device[]) {
      const row = rows.find((r) => r.userAgent === devices[device].ua);
      // The whole address (IPv6 in the library's expanded form; the page shows it compressed).
      expect(describeAddress(row!.ipAddress), device).toBe(devices[device].ip);
      expect(Date.parse(row!.createdAt)).toBeGreaterThan(Date.now() - 60_000);
      expect(Date.parse(row!.updatedAt)).toBeGreaterThanOrEqual(Date.parse(row!.createdAt));
    }

    // Last seen moves when the session is used after a while (better-auth refreshes it once per updateAge, 1 h).
    const before = Date.parse(rows.find((r) => r.userAgent === devices.phone.ua)!.updatedAt);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2 * 3600_000);
    expect(await alive(cookies.phone)).toBe(true);
    const later = Date.parse((await listed(cookies.laptop)).find((r) => r.userAgent === devices.phone.ua)!.updatedAt);
    expect(later - before).toBeGreaterThanOrEqual(2 * 3600_000 - 60_000);
  });

  it('needs a session: signed out, the list is 401 problem+json', async () => {
    const reply = await authCall('GET', '/list-sessions');
    expect(reply.status).toBe(401);
    expect(reply.headers.get('content-type')).toBe('application/problem+json');
    expect(reply.body.code).toBe('UNAUTHENTICATED');
  });
});

describe('a user revokes sessions', () => {
  it('one: that device is signed out at once, the others stay, and it is audited', async () => {
    const { cookies, userId } = await signedInEverywhere();
    const phone = tokenOf(await listed(cookies.laptop), 'phone');
    const reply = await call('laptop', 'POST', '/revoke-session', { body: { token: phone }, cookie: cookies.laptop });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(await alive(cookies.phone)).toBe(false);
    expect(await alive(cookies.laptop)).toBe(true);
    expect(await alive(cookies.tablet)).toBe(true);
    expect((await listed(cookies.laptop)).map((r) => r.userAgent).sort()).toEqual(
      [devices.laptop.ua, devices.tablet.ua].sort(),
    );
    const [row] = await audited(cookies.laptop, 'REVOKE');
    expect(row).toMatchObject({ actorId: userId, resourceType: 'session', ip: devices.laptop.ip });
  });

  it('a revoked session still in the 30-second cookie cache gets 401 problem+json from the API, never a 500', async () => {
    const { cookies } = await signedInEverywhere();
    // The phone's cookie jar holds the signed session cache as a browser's does (set on its last get-session).
    const phone = mergeCookies(
      cookies.phone,
      (await call('phone', 'GET', '/get-session', { cookie: cookies.phone })).cookie,
    );
    expect(phone).toMatch(/session_data=/);
    ok(await api({ cookie: phone }, 'GET', '/me'));
    const token = tokenOf(await listed(cookies.laptop), 'phone');
    ok(await call('laptop', 'POST', '/revoke-session', { body: { token }, cookie: cookies.laptop }));
    expectProblem(await api({ cookie: phone }, 'GET', '/me'), 401, 'UNAUTHENTICATED');
    expectProblem(await api({ cookie: phone }, 'GET', '/boards'), 401, 'UNAUTHENTICATED');
  });

  it("never someone else's: another account's session token is 404 and that session lives on", async () => {
    const victim = await signedInEverywhere();
    const attacker = await signedInEverywhere();
    const token = tokenOf(await listed(victim.cookies.laptop), 'tablet');
    const reply = await call('laptop', 'POST', '/revoke-session', {
      body: { token },
      cookie: attacker.cookies.laptop,
    });
    expect(reply.status).toBe(404);
    expect(reply.headers.get('content-type')).toBe('application/problem+json');
    expect(reply.body.code).toBe('NOT_FOUND');
    expect(await alive(victim.cookies.tablet)).toBe(true);
    expect(await audited(attacker.cookies.laptop, 'REVOKE')).toHaveLength(0);
    // An unknown token is the same 404.
    const unknown = await call('laptop', 'POST', '/revoke-session', {
      body: { token: 'not-a-session' },
      cookie: attacker.cookies.laptop,
    });
    expect(unknown.status).toBe(404);
  });

  it('all the others: only this device stays signed in', async () => {
    const { cookies } = await signedInEverywhere();
    const reply = await call('tablet', 'POST', '/revoke-other-sessions', { body: {}, cookie: cookies.tablet });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(await alive(cookies.laptop)).toBe(false);
    expect(await alive(cookies.phone)).toBe(false);
    expect(await alive(cookies.tablet)).toBe(true);
    expect(await listed(cookies.tablet)).toHaveLength(1);
    expect(await audited(cookies.tablet, 'REVOKE_OTHERS')).toHaveLength(1);
  });

  it('all of them: every device, this one too, is signed out; the audit row stays', async () => {
    const { cookies, email } = await signedInEverywhere();
    const reply = await call('phone', 'POST', '/revoke-sessions', { body: {}, cookie: cookies.phone });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    for (const device of Object.keys(devices) as Device[]) expect(await alive(cookies[device]), device).toBe(false);
    const again = await call('laptop', 'POST', '/sign-in/email', { body: { email, password } });
    expect(await audited(again.cookie, 'REVOKE_ALL')).toHaveLength(1);
  });
});
