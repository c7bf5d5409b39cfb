import { describe, expect, it } from 'vitest';
import { safeNextPath } from '../../src/ui/safe-next';

// The pure rule behind the sign-in redirect (issue #12, finding 2); tests/security/redirects.test.ts checks the
// same values end to end in Chromium.
const origin = 'https://tika.example.com';

describe('safeNextPath', () => {
  it.each([
    '/\\evil.example/',
    '/\\evil.example',
    '/\\\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '//evil.example',
    '///evil.example',
    '/.//evil.example',
    '/%2E//evil.example',
    'https://evil.example/',
    'http://tika.example.com/w',
    'https:evil.example',
    'https://tika.example.com/w/acme',
    'w/acme',
    '\\\\evil.example',
    'javascript:alert(document.domain)',
    'data:text/html,<script>alert(1)</script>',
    ' //evil.example',
    'https://tika.example.com.evil.example/w',
    'https://tika.example.com@evil.example/w',
  ])('%j goes to the boards page', (next) => {
    expect(safeNextPath(next, origin)).toBe('/w');
  });

  it.each([
    ['/w/acme/settings?tab=general#top', '/w/acme/settings?tab=general#top'],
    ['/invite/tinv_abc', '/invite/tinv_abc'],
    ['/w/../invite/x', '/invite/x'],
  ])('%j stays on the app as %j', (next, path) => {
    expect(safeNextPath(next, origin)).toBe(path);
  });

  it('no value, or one that does not parse, goes to the fallback', () => {
    expect(safeNextPath(null, origin)).toBe('/w');
    expect(safeNextPath('', origin, '/home')).toBe('/home');
    expect(safeNextPath('http://[::1', origin)).toBe('/w');
  });
});
