// The Content-Security-Policy, in one place. Pages get a fresh nonce per request (proxy.ts) with 'strict-dynamic':
// the browser then runs only the scripts Next marks with that nonce (its inline bootstrap and the chunks they
// load), so an injected <script> or inline event handler is refused even if markup ever got past React's
// escaping. Everything else (API responses, static files) runs no script at all and gets the policy without one.
// No third-party origin anywhere: Tika must work air-gapped. Styles keep 'unsafe-inline' (React style attributes).

export function contentSecurityPolicy(options: { nonce?: string; dev?: boolean } = {}): string {
  const scripts = options.nonce ? `'self' 'nonce-${options.nonce}' 'strict-dynamic'` : "'self'";
  return [
    "default-src 'self'",
    // Dev mode's fast refresh needs eval.
    `script-src ${scripts}${options.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** 16 random bytes, base64: unguessable and never reused. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
