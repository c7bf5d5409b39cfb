import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { api, send, signUp, stack, type Account } from '../support/security-client';
import { securityCounts } from '../support/security-results';

// Secrets compared in constant time — shown by the code path, not by a stopwatch (timing tests are flaky):
// - API tokens and invitation tokens: 32 random bytes, stored only as SHA-256; a presented token is hashed and
//   looked up by that hash (lookup.api_token / lookup.invitation_tenant). An attacker's guess only ever reaches
//   an index comparison of *its own hash*, which tells nothing about any stored token, so no byte-by-byte
//   comparison of a secret exists to time. Where two hashes are compared in code, sameHash uses
//   crypto.timingSafeEqual (and so does the metrics token check, on SHA-256 digests of both sides).
// - Sessions: the cookie is `<token>.<HMAC>`; better-call verifies the HMAC with WebCrypto `verify` (constant
//   time) before the token is looked up, so a forged or guessed token never reaches the database.
// - Passwords: better-auth's scrypt verify compares with its constantTimeEqual.
// And no source file compares a secret-named value with === / !==.

const timingSafeEqualCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return {
    ...real,
    default: real,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      timingSafeEqualCalls.count++;
      return real.timingSafeEqual(a, b);
    },
  };
});

const { check } = securityCounts('constant-time');
const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
const root = path.resolve(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mjs)$/.test(name) ? [full] : [];
  });
}

/** Comparisons with === / !== where an operand is named like a secret (its last property segment). */
function secretComparisons(source: string): string[] {
  const secretName = /(secret|password|passwd|token|hash|signature|apikey|api_key|cookie|credential)s?$/i;
  const found: string[] = [];
  const code = source.replace(/\/\/.*$/gm, '').replace(/'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`(?:\\.|[^`\\])*`/g, '""');
  for (const match of code.matchAll(/([\w$.?!\][)(]+)\s*[!=]==\s*([\w$.?!\][)(]+)/g)) {
    const operands = [match[1]!, match[2]!].map(
      (operand) =>
        operand
          .replace(/[()!\][]/g, '')
          .split(/\?\.|\./)
          .pop() ?? '',
    );
    // Against null, undefined, a literal or a number it is a presence or type check, not a secret comparison.
    if (operands.some((name) => /^(null|undefined|true|false|""|\d+)$/.test(name))) continue;
    if (operands.some((name) => secretName.test(name))) found.push(match[0]);
  }
  return found;
}

describe('constant-time comparison of secrets', () => {
  it('sameHash goes through crypto.timingSafeEqual, also when the hashes differ', async () => {
    const { hashSecret, sameHash } = await import('../../src/server/auth/secret-token');
    const before = timingSafeEqualCalls.count;
    expect(sameHash(hashSecret('tika_a'), hashSecret('tika_a'))).toBe(true);
    expect(sameHash(hashSecret('tika_a'), hashSecret('tika_b'))).toBe(false);
    expect(timingSafeEqualCalls.count - before).toBe(2);
    // Different lengths never reach a byte comparison (timingSafeEqual would throw); a SHA-256 hex is fixed-length.
    expect(sameHash(hashSecret('x'), 'abcd')).toBe(false);
    expect(hashSecret('anything')).toBe(sha256('anything'));
    check(3);
  });

  it('no source file compares a secret-named value with === or !==', () => {
    // The detector finds what it must (so this test can fail) and ignores ids and string literals.
    expect(secretComparisons('if (given === token) x();')).toHaveLength(1);
    expect(secretComparisons('return a.passwordHash !== b.passwordHash;')).toHaveLength(1);
    expect(
      secretComparisons("if (entry.tokenId === tokenId || ctx.actor.type === 'token' || tokens === null) x();"),
    ).toEqual([]);
    // Browser code ('use client') holds no server secret: what it compares is what its own user typed (a new
    // password and its confirmation), and nobody else can time the user's browser.
    const serverSide = (source: string) => !/^\s*['"]use client['"]/.test(source);
    const offenders = [...sourceFiles(path.join(root, 'src')), ...sourceFiles(path.join(root, 'app'))].flatMap(
      (file) => {
        const source = readFileSync(file, 'utf8');
        return serverSide(source) ? secretComparisons(source).map((hit) => `${path.relative(root, file)}: ${hit}`) : [];
      },
    );
    expect(offenders).toEqual([]);
    check(2);
  });
});

describe('the code path in the running server', () => {
  let db: pg.Client;
  let owner: Account;
  beforeAll(async () => {
    db = new pg.Client({ connectionString: stack().adminDbUrl });
    await db.connect();
    owner = await signUp();
  });
  afterAll(async () => {
    await db?.end();
  });

  it('API and invitation tokens are stored only as their SHA-256 and looked up by it', async () => {
    const call = api(owner);
    const token = (await call('POST', '/tokens', { name: 'ct', role: 'viewer' })).body.token as string;
    const invitation = (await call('POST', '/invitations', { role: 'viewer' })).body.token as string;
    for (const [table, secret] of [
      ['api_tokens', token],
      ['invitations', invitation],
    ] as const) {
      const { rows } = await db.query(`select token_hash, t::text as row from ${table} t where token_hash = $1`, [
        sha256(secret),
      ]);
      expect(rows, table).toHaveLength(1);
      // The secret part (after the visible prefix) is nowhere in the row.
      expect(rows[0].row).not.toContain(secret.slice(12));
      check();
    }
    const { appUrl } = stack();
    expect((await send(`${appUrl}/api/v1/boards`, { token })).status).toBe(200);
    // One character off: a different hash, no row, 401 — nothing was compared character by character.
    const off = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect((await send(`${appUrl}/api/v1/boards`, { token: off })).status).toBe(401);
    check(2);
  });

  it('a session cookie whose HMAC does not verify is refused before its token is used', async () => {
    const { appUrl, publicUrl } = stack();
    const signIn = await send(`${appUrl}/api/auth/sign-in/email`, {
      origin: publicUrl,
      body: { email: owner.email, password: owner.password },
    });
    const sessionCookie = signIn.setCookies.find((c) => c.includes('session_token='))!.split(';')[0]!;
    const [name, value] = [
      sessionCookie.slice(0, sessionCookie.indexOf('=')),
      decodeURIComponent(sessionCookie.slice(sessionCookie.indexOf('=') + 1)),
    ];
    const [sessionToken, signature] = value.split('.');
    // The token itself is a live session in the database…
    expect((await db.query('select count(*)::int as n from sessions where token = $1', [sessionToken])).rows[0].n).toBe(
      1,
    );
    // …and with its signature it authenticates (no cookie cache: only the session cookie is sent)…
    expect((await send(`${appUrl}/api/v1/me`, { cookie: `${name}=${encodeURIComponent(value)}` })).status).toBe(200);
    // …but with a forged signature, or none, the same token gets nothing.
    const forged = `${sessionToken}.${signature!.startsWith('A') ? 'B' : 'A'}${signature!.slice(1)}`;
    for (const cookie of [`${name}=${encodeURIComponent(forged)}`, `${name}=${sessionToken}`])
      expect((await send(`${appUrl}/api/v1/me`, { cookie })).status).toBe(401);
    check(3);
  });
});
