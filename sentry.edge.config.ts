// Sentry for the edge runtime (middleware, edge routes), only when SENTRY_DSN is set. Same scrubbing as the server.
import * as Sentry from '@sentry/nextjs';
import { scrubEvent, sentryRelease } from './src/server/sentry';

if (process.env.SENTRY_DSN) {
  Sentry.init({
    dsn: process.env.SENTRY_DSN,
    release: sentryRelease(),
    environment: process.env.SENTRY_ENVIRONMENT || process.env.TIKA_ENV || process.env.NODE_ENV,
    // Sentry 11's successor of sendDefaultPii: false — collect no user info, cookies, headers, bodies or query strings.
    dataCollection: {
      userInfo: false,
      cookies: false,
      httpHeaders: false,
      httpBodies: [],
      urlQueryParams: false,
      databaseQueryData: false,
      stackFrameVariables: false,
    },
    tracesSampleRate: Number(process.env.SENTRY_TRACES_SAMPLE_RATE || 0),
    beforeSend: scrubEvent,
  });
}
