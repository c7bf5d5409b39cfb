#!/usr/bin/env node
// Creates the first account of a self-hosted Tika from the command line, through the running app's own HTTP
// API (the same sign-up a browser does), so every rule of the app applies: the account gets a workspace it owns.
// Tika has no default password; this, or signing up in the browser, is how the first owner comes to be.
//
//   docker compose -f docker-compose.production.yml run --rm --no-deps app \
//     node scripts/create-owner.mjs --email you@example.com [--name "Ada"] [--password-stdin]
//
// Without --password-stdin (or TIKA_OWNER_PASSWORD) a strong password is generated and printed once.
//   --url      the app as seen from here (default TIKA_INTERNAL_URL or http://app:3000, the compose service)
//   --origin   the public origin the app trusts (default APP_URL)
//   --json     print one JSON line {email, password?, userId, workspaceId, workspaceName}
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    email: { type: 'string' },
    name: { type: 'string', default: 'Owner' },
    'password-stdin': { type: 'boolean', default: false },
    url: { type: 'string', default: process.env.TIKA_INTERNAL_URL ?? 'http://app:3000' },
    origin: { type: 'string', default: process.env.APP_URL ?? 'http://localhost:3000' },
    json: { type: 'boolean', default: false },
  },
});

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  console.error(`create-owner: ${message}`);
  process.exit(1);
}

/** @param {unknown} error what fetch threw: its cause's code (ECONNREFUSED, ENOTFOUND) or its message */
function reason(error) {
  if (!(error instanceof Error)) return String(error);
  return /** @type {{ code?: string } | undefined} */ (error.cause)?.code ?? error.message;
}

if (!args.email || !args.email.includes('@')) fail('--email is required (the address the owner signs in with)');
let password = process.env.TIKA_OWNER_PASSWORD;
let generated = false;
if (args['password-stdin']) password = readFileSync(0, 'utf8').replace(/\r?\n$/, '');
if (!password) {
  password = randomBytes(18).toString('base64url');
  generated = true;
}
if (password.length < 8) fail('the password must be at least 8 characters');

const base = args.url.replace(/\/$/, '');
const origin = args.origin.replace(/\/$/, '');

/**
 * @param {string} method
 * @param {string} path
 * @param {{ body?: unknown, cookie?: string }} [options]
 */
async function call(method, path, { body, cookie } = {}) {
  /** @type {Record<string, string>} */
  const headers = { origin };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (cookie) headers.cookie = cookie;
  let response;
  for (let attempt = 1; ; attempt++) {
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      break;
    } catch (error) {
      if (attempt >= 30) fail(`cannot reach the app at ${base} (${reason(error)}); is the stack up?`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, ok: response.ok, body: parsed, headers: response.headers };
}

const signUp = await call('POST', '/api/auth/sign-up/email', {
  body: { email: args.email, password, name: args.name },
});
if (!signUp.ok) {
  const detail =
    typeof signUp.body === 'object' && signUp.body
      ? (signUp.body.detail ?? signUp.body.message ?? signUp.body.code ?? JSON.stringify(signUp.body))
      : signUp.body;
  fail(`sign-up refused (${signUp.status}): ${detail}`);
}
// Sign-up answers a new and a registered address alike and opens no session (issue #12): sign in with the password.
const signIn = await call('POST', '/api/auth/sign-in/email', { body: { email: args.email, password } });
if (signIn.status === 403 && signIn.body?.code === 'EMAIL_NOT_VERIFIED')
  fail(`the account for ${args.email} needs its address confirmed first: follow the link mailed to it, then sign in`);
if (!signIn.ok)
  fail(
    `cannot sign in as ${args.email} after sign-up (${signIn.status}): the address probably has an account already (its owner was mailed)`,
  );
const cookie = signIn.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');
const me = await call('GET', '/api/v1/me', { cookie });
if (!me.ok) fail(`signed up, but /api/v1/me answered ${me.status}`);
const workspace = me.body.workspaces?.[0];
const result = {
  email: args.email,
  ...(generated ? { password } : {}),
  userId: me.body.user?.id,
  workspaceId: workspace?.id,
  workspaceName: workspace?.name,
  role: workspace?.role,
};
if (args.json) console.log(JSON.stringify(result));
else {
  console.log(`Created ${args.email}, ${workspace?.role ?? 'owner'} of "${workspace?.name}" (${workspace?.id}).`);
  if (generated) console.log(`Password (shown once, change it after signing in): ${password}`);
  console.log(`Sign in at ${origin}/`);
}
