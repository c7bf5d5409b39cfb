import type { NextConfig } from 'next';

const config: NextConfig = {
  output: 'standalone',
  poweredByHeader: false,
  // PGlite ships WASM and data files that must stay on disk next to it.
  serverExternalPackages: ['@electric-sql/pglite', 'pino', 'prom-client', 'ioredis', 'unleash-client'],
  // The standalone server chdirs into its folder; migrations are read from there at runtime.
  outputFileTracingIncludes: { '/**': ['./drizzle/**/*'] },
  typedRoutes: false,
};

export default config;
