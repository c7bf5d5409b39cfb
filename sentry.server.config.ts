// Sentry for the Node server. instrumentation.ts initialises it through src/server/boot.ts (only when SENTRY_DSN is
// set); this file exists for tools that expect it and initialises the same way when imported directly.
import * as Sentry from '@sentry/nextjs';
import { env } from './src/server/env';
import { sentryServerOptions } from './src/server/sentry';
import { sentryTransportWithBreaker } from './src/server/telemetry';

const dsn = env().SENTRY_DSN;
if (dsn && !Sentry.getClient())
  Sentry.init({
    ...sentryServerOptions(dsn),
    transport: sentryTransportWithBreaker(Sentry.makeNodeTransport) as unknown as typeof Sentry.makeNodeTransport,
  });
