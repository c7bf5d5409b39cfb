import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { awayFromWindowEdge } from '../support/rate-window';
import { expectProblem, send, signUp, stack, type Reply } from '../support/security-client';
import { securityCounts } from '../support/security-results';

// Sign-in brute force. The per-IP limit takes the client IP from the connection (X-Forwarded-For only from
// declared TRUSTED_PROXIES, issue #12: client-ip.test.ts), so rotating that header buys nothing; the per-account
// limit (sign-in-limit.ts) counts attempts on the normalised email across all IPs and, through Redis, across
// replicas — what stops a botnet of real addresses against one account. The stack runs it at 5 per 15 s. The
// requests below still rotate X-Forwarded-For, as an attacker would.

const { counts, check, add } = securityCounts('brute-force');
void counts;

function signIn(base: string, origin: string, email: string, password: string, ip?: string): Promise<Reply> {
  return send(`${base}/api/auth/sign-in/email`, {
    origin,
    body: { email, password },
    headers: ip ? { 'x-forwarded-for': ip } : {},
  });
}

const randomIp = () => `198.51.100.${1 + Math.floor(Math.random() * 250)}`;

/** Wrong passwords until a 429 or `max` tries; alternates replicas and (optionally) rotates the claimed IP. */
async function hammer(email: string, options: { rotateIps: boolean; max: number }) {
  const { appUrl, publicUrl, replicaUrl } = stack();
  const statuses: number[] = [];
  let limited: Reply | undefined;
  for (let i = 0; i < options.max && !limited; i++) {
    const useReplica = i % 2 === 1;
    const reply = await signIn(
      useReplica ? replicaUrl : appUrl,
      useReplica ? replicaUrl : publicUrl,
      email,
      `wrong-${i}-${randomUUID()}`,
      options.rotateIps ? randomIp() : '203.0.113.9',
    );
    add('bruteForceAttempts');
    statuses.push(reply.status);
    if (reply.status === 429) limited = reply;
  }
  return { statuses, limited };
}

describe('sign-in brute force', () => {
  const { limit, windowMs } = stack().signInAccountLimit;

  it('locks one account after the limit, from one IP and from rotating IPs across two replicas; the right password works after the window', async () => {
    const [single, rotating, bystander] = await Promise.all([signUp(), signUp(), signUp()]);
    // Each sign-up ends with a sign-in (sign-up opens no session), which the per-account limit counts: start the
    // burst in the next window. The fixed windows are aligned on the clock: start well inside one so the burst is
    // counted in one window.
    await new Promise((resolve) => setTimeout(resolve, windowMs - (Date.now() % windowMs) + 300));
    await awayFromWindowEdge(windowMs, windowMs / 2);
    const [fromOneIp, fromManyIps, unknown] = await Promise.all([
      hammer(single.email, { rotateIps: false, max: limit * 3 }),
      hammer(rotating.email, { rotateIps: true, max: limit * 3 }),
      hammer(`nobody-${randomUUID()}@example.test`, { rotateIps: true, max: limit * 3 }),
    ]);
    for (const run of [fromOneIp, fromManyIps, unknown]) {
      // Exactly `limit` wrong answers, then refused: 401 ×5, 429.
      expect(run.statuses).toEqual([...Array(limit).fill(401), 429]);
      expectProblem(run.limited!, 429, 'RATE_LIMITED');
      const retryAfter = Number(run.limited!.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(windowMs / 1000);
    }
    check(3);
    // An account that does not exist behaves exactly like one that does: same statuses, same problem apart from the request id.
    const shape = (reply: Reply) => ({
      ...reply.body,
      requestId: undefined,
      detail: String(reply.body.detail).replace(/\d+s$/, 'Ns'),
    });
    expect(shape(unknown.limited!)).toEqual(shape(fromManyIps.limited!));
    check();

    // Locked: even the right password is refused now, on either replica, with the email written differently.
    const { appUrl, publicUrl, replicaUrl } = stack();
    expectProblem(await signIn(appUrl, publicUrl, rotating.email, rotating.password, randomIp()), 429, 'RATE_LIMITED');
    expectProblem(
      await signIn(replicaUrl, replicaUrl, `  ${single.email.toUpperCase()} `, single.password, randomIp()),
      429,
      'RATE_LIMITED',
    );
    // Another account is not affected.
    expect((await signIn(appUrl, publicUrl, bystander.email, bystander.password, '203.0.113.9')).status).toBe(200);
    check(3);

    // After the window the right password works again.
    await new Promise((resolve) => setTimeout(resolve, windowMs - (Date.now() % windowMs) + 300));
    const again = await signIn(replicaUrl, replicaUrl, rotating.email, rotating.password, randomIp());
    expect(again.status).toBe(200);
    expect(again.setCookies.join()).toMatch(/session_token=/);
    expect((await signIn(appUrl, publicUrl, single.email, single.password, '203.0.113.9')).status).toBe(200);
    check(2);
  });
});
