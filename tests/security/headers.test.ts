import { beforeAll, describe, expect, it } from 'vitest';
import { api, send, signUp, stack, type Account, type Reply } from '../support/security-client';
import { securityCounts } from '../support/security-results';

// Security headers on every page type, through Caddy over TLS (the deployed shape) and straight from the app over
// plain http (so they do not depend on the proxy: next.config.ts sets them on every path). HSTS is sent always:
// browsers ignore it over http (RFC 6797 §8.1), so it only ever takes effect behind TLS, where it must be present.
// Pages carry a per-request nonce CSP with 'strict-dynamic' (no 'unsafe-inline'); API responses allow no script.

const { check, add } = securityCounts('headers');
let owner: Account;
const ids: Record<string, string> = {};

beforeAll(async () => {
  owner = await signUp({ name: 'Headers Owner' });
  const call = api(owner);
  const board = await call('POST', '/boards', { name: 'Headers', columns: ['To do'] });
  ids.board = board.body.id;
  ids.ticket = (await call('POST', '/tickets', { columnId: board.body.columns[0].id, title: 'A ticket' })).body.id;
  const invitation = await call('POST', '/invitations', { role: 'viewer' });
  ids.invite = invitation.body.token;
});

function expectSecurityHeaders(reply: Reply, label: string, overTls: boolean, page = false): void {
  const h = reply.headers;
  const csp = String(h['content-security-policy'] ?? '');
  const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
  expect(scriptSrc, `${label}: script-src`).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);
  // Pages: only scripts carrying this response's nonce run (proxy.ts); elsewhere no script at all.
  if (page) expect(scriptSrc, `${label}: nonce`).toMatch(/^'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'$/);
  else expect(scriptSrc, `${label}: no script`).toBe("'self'");
  expect(csp, `${label}: CSP`).toMatch(/default-src 'self'/);
  expect(csp, `${label}: frame-ancestors`).toMatch(/frame-ancestors 'none'/);
  expect(csp, `${label}: object-src`).toMatch(/object-src 'none'/);
  expect(csp, `${label}: base-uri`).toMatch(/base-uri 'self'/);
  expect(h['x-content-type-options'], `${label}: nosniff`).toBe('nosniff');
  expect(h['referrer-policy'], `${label}: Referrer-Policy`).toMatch(
    /^(strict-origin-when-cross-origin|no-referrer|same-origin|strict-origin)$/,
  );
  expect(h['x-frame-options'], `${label}: X-Frame-Options`).toBe('DENY');
  if (overTls) expect(h['strict-transport-security'], `${label}: HSTS`).toMatch(/max-age=(\d{8,}|3153600\d)/);
  expect(h['x-powered-by'], `${label}: no X-Powered-By`).toBeUndefined();
}

describe('security headers on every page type', () => {
  const pages = () => {
    const w = `/w/${owner.slug}`;
    return [
      { type: 'sign-in', path: '/sign-in', auth: false, status: 200 },
      { type: 'sign-up', path: '/sign-up', auth: false, status: 200 },
      { type: 'home', path: '/', auth: true, status: [200, 307, 308] },
      { type: 'workspace list', path: '/w', auth: true, status: [200, 307] },
      { type: 'board list', path: w, auth: true, status: 200 },
      { type: 'board', path: `${w}/b/${ids.board}`, auth: true, status: 200 },
      { type: 'ticket page', path: `${w}/t/${ids.ticket}`, auth: true, status: 200 },
      { type: 'members', path: `${w}/settings/members`, auth: true, status: 200 },
      { type: 'tokens', path: `${w}/settings/tokens`, auth: true, status: 200 },
      { type: 'audit', path: `${w}/settings/audit`, auth: true, status: 200 },
      { type: 'settings', path: `${w}/settings`, auth: true, status: 200 },
      { type: 'invite page', path: `/invite/${ids.invite}`, auth: false, status: 200 },
      { type: 'API response', path: '/api/v1/me', auth: true, status: 200 },
      { type: 'API list', path: `/api/v1/tickets?boardId=${ids.board}`, auth: true, status: 200 },
      { type: 'OpenAPI document', path: '/api/v1/openapi.json', auth: false, status: 200 },
      { type: 'API reference', path: '/api-reference', auth: false, status: 200 },
      { type: '404 page', path: '/no-such-page', auth: false, status: 404 },
      { type: 'API 404 (problem)', path: '/api/v1/no-such-route', auth: true, status: 404 },
      { type: 'API 401 (problem)', path: '/api/v1/boards', auth: false, status: 401 },
      { type: 'API 422 (problem)', path: '/api/v1/tickets?limit=0', auth: true, status: 422 },
      { type: 'auth error (better-auth)', path: '/api/auth/get-session', auth: false, status: 200 },
      { type: 'server error 500 (problem)', path: '/api/diagnostics/error', auth: false, status: 500 },
      { type: 'health', path: '/api/health/ready', auth: false, status: 200 },
    ];
  };

  it.each([
    ['through Caddy over TLS', true],
    ['straight from the app over plain http', false],
  ])('%s', async (_label, overTls) => {
    const { appUrl, publicUrl } = stack();
    const base = overTls ? publicUrl : appUrl;
    const list = pages();
    const nonces = new Set<string>();
    for (const page of list) {
      const reply = await send(`${base}${page.path}`, { cookie: page.auth ? owner.cookie : undefined });
      const allowed = Array.isArray(page.status) ? page.status : [page.status];
      expect(allowed, `${page.type} ${page.path}: ${reply.status} ${reply.text.slice(0, 200)}`).toContain(reply.status);
      const isPage = !page.path.startsWith('/api/');
      expectSecurityHeaders(reply, `${page.type} ${page.path}`, overTls as boolean, isPage);
      if (isPage) nonces.add(/'nonce-([^']+)'/.exec(String(reply.headers['content-security-policy']))?.[1] ?? '');
      add('pages');
      check();
    }
    // A fresh nonce on every page response.
    expect(nonces.size).toBe(list.filter((p) => !p.path.startsWith('/api/')).length);
    check();
    // A refused cross-origin change carries them too.
    const refused = await send(`${base}/api/v1/boards`, {
      method: 'POST',
      cookie: owner.cookie,
      origin: 'https://evil.example',
      body: { name: 'x' },
    });
    expect(refused.status).toBe(403);
    expectSecurityHeaders(refused, 'CSRF refusal', overTls as boolean);
    add('pages');
    check();
    if (overTls) add('pageTypes', list.length + 1);
  });
});
