// Sentry in the browser, only when NEXT_PUBLIC_SENTRY_DSN was set at build time (the SDK is not even loaded
// otherwise). No default PII; headers, cookies, bodies and query strings are stripped before sending.
// The one place that reads process.env outside src/server/env.ts: this runs in the browser, where Next inlines
// NEXT_PUBLIC_* at build time; the server's env module does not (and must not) reach the client bundle.
const dsn = process.env.NEXT_PUBLIC_SENTRY_DSN;

if (dsn) {
  void import('@sentry/nextjs').then((Sentry) => {
    Sentry.init({
      dsn,
      release: process.env.NEXT_PUBLIC_SENTRY_RELEASE,
      environment: process.env.NEXT_PUBLIC_SENTRY_ENVIRONMENT ?? process.env.NODE_ENV,
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
      tracesSampleRate: 0,
      beforeSend(event) {
        if (event.request) {
          delete event.request.headers;
          delete event.request.cookies;
          delete event.request.data;
          delete event.request.query_string;
          if (event.request.url) event.request.url = event.request.url.split('?')[0];
        }
        if (event.user) delete event.user.ip_address;
        return event;
      },
    });
  });
}
