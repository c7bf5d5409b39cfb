// Sentry for the edge runtime (middleware, edge routes), only when SENTRY_DSN is set. Same scrubbing as the server.
import * as Sentry from '@sentry/nextjs';
import { env } from './src/server/env';
import { scrubEvent, sentryRelease } from './src/server/sentry';

const config = env();
if (config.SENTRY_DSN) {
  Sentry.init({
    dsn: config.SENTRY_DSN,
    release: sentryRelease(),
    environment: config.SENTRY_ENVIRONMENT || config.TIKA_ENV || config.NODE_ENV,
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
    tracesSampleRate: config.SENTRY_TRACES_SAMPLE_RATE,
    beforeSend: scrubEvent,
  });
}
