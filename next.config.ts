import type { NextConfig } from 'next';
import { contentSecurityPolicy } from './src/server/http/csp';

// Next evaluates this file itself before the app exists (build, dev); NODE_ENV here is the mode Next runs in, not a
// deployment setting, and validating the runtime configuration would make builds depend on production secrets.
const isDev = process.env.NODE_ENV === 'development';

// Pages get their Content-Security-Policy with a per-request nonce from proxy.ts; API responses and static files,
// which run no script, get the same policy without one (src/server/http/csp.ts).
const securityHeaders = [
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
  // PGlite ships WASM and data files that must stay on disk next to it. The rest are required from node_modules
  // instead of bundled: Turbopack copies a bundled package into every route's server chunk (pg-boss, pg and
  // nodemailer arrived with the job system: +13 MB, the image went to 159 MB against its 150 MB budget), and the
  // plain-Node scripts (migrate, jobs) need these packages in node_modules anyway.
  serverExternalPackages: [
    '@electric-sql/pglite',
    'pino',
    'prom-client',
    'ioredis',
    'unleash-client',
    'pg-boss',
    'pg',
    'nodemailer',
    'drizzle-orm',
    'zod',
  ],
  // The standalone server chdirs into its folder; migrations are read from there at runtime.
  outputFileTracingIncludes: { '/**': ['./drizzle/**/*'] },
  async headers() {
    const noScripts = [{ key: 'Content-Security-Policy', value: contentSecurityPolicy({ dev: isDev }) }];
    return [
      { source: '/:path*', headers: securityHeaders },
      { source: '/api/:path*', headers: noScripts },
      { source: '/_next/:path*', headers: noScripts },
    ];
  },
};

export default config;
