// Sentry for the Node server. instrumentation.ts initialises it through src/server/boot.ts (only when SENTRY_DSN is
// set); this file exists for tools that expect it and initialises the same way when imported directly.
import * as Sentry from '@sentry/nextjs';
import { sentryServerOptions } from './src/server/sentry';

if (process.env.SENTRY_DSN && !Sentry.getClient()) Sentry.init(sentryServerOptions(process.env.SENTRY_DSN));
