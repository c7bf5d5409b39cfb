import type { NextConfig } from 'next';

const isDev = process.env.NODE_ENV === 'development';

// No third-party origins anywhere: Tika must work air-gapped. Next's inline bootstrap scripts need
// 'unsafe-inline' without a nonce-issuing proxy; dev mode also needs eval for fast refresh.
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const securityHeaders = [
  { key: 'Content-Security-Policy', value: contentSecurityPolicy },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  // Browsers ignore HSTS over plain http, so sending it always is harmless and right behind TLS.
  { key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' },
];

const config: NextConfig = {
  output: 'standalone',
  poweredByHeader: false,
  // PGlite ships WASM and data files that must stay on disk next to it.
  serverExternalPackages: ['@electric-sql/pglite', 'pino', 'prom-client', 'ioredis', 'unleash-client'],
  // The standalone server chdirs into its folder; migrations are read from there at runtime.
  outputFileTracingIncludes: { '/**': ['./drizzle/**/*'] },
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default config;
