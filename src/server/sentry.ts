import 'server-only';
import packageJson from '../../package.json' with { type: 'json' };
import { env } from './env';

// Error reporting, on only when SENTRY_DSN is set. Nothing identifying leaves: no user data collected (dataCollection, the successor of sendDefaultPii), and every event is
// stripped of request headers, cookies, bodies and query strings before it is sent. The request id travels as a tag
// so an event joins up with the logs and the problem+json the client saw.

type SentryEvent = {
  request?: {
    headers?: unknown;
    cookies?: unknown;
    data?: unknown;
    query_string?: unknown;
    env?: unknown;
    url?: string;
  };
  user?: { ip_address?: unknown; email?: unknown; username?: unknown };
  breadcrumbs?: { category?: string; data?: Record<string, unknown> }[];
};

export function scrubEvent<E extends SentryEvent>(event: E): E {
  if (event.request) {
    delete event.request.headers;
    delete event.request.cookies;
    delete event.request.data;
    delete event.request.query_string;
    delete event.request.env;
    if (event.request.url) event.request.url = event.request.url.split('?')[0];
  }
  if (event.user) {
    delete event.user.ip_address;
    delete event.user.email;
    delete event.user.username;
  }
  for (const crumb of event.breadcrumbs ?? []) {
    if (crumb.data)
      for (const key of Object.keys(crumb.data))
        if (/auth|cookie|token|password|secret/i.test(key)) delete crumb.data[key];
  }
  return event;
}

export function sentryRelease(): string {
  return env().SENTRY_RELEASE || `tika@${packageJson.version}`;
}

export function sentryServerOptions(dsn: string) {
  return {
    dsn,
    release: sentryRelease(),
    environment: env().SENTRY_ENVIRONMENT || env().TIKA_ENV || env().NODE_ENV,
    // Sentry 11's successor of sendDefaultPii: false — collect no user info, cookies, headers, bodies or query strings.
    dataCollection: {
      userInfo: false,
      cookies: false,
      httpHeaders: false,
      httpBodies: [] as never[],
      urlQueryParams: false,
      databaseQueryData: false,
      stackFrameVariables: false,
    },
    tracesSampleRate: env().SENTRY_TRACES_SAMPLE_RATE,
    // Tika runs its own OpenTelemetry pipeline (OTEL_EXPORTER_OTLP_ENDPOINT); Sentry must not register a competing
    // global tracer provider. Scopes are isolated with AsyncLocalStorage either way.
    enableOpenTelemetrySetup: false,
    maxBreadcrumbs: 30,
    beforeSend: scrubEvent,
    beforeSendTransaction: scrubEvent,
  };
}

export interface ErrorContext {
  requestId: string;
  route?: string;
  method?: string;
  tenantId?: string;
}

/** Reports an unexpected error (a 500). A no-op without SENTRY_DSN; never throws. */
export async function captureServerError(error: unknown, context: ErrorContext): Promise<void> {
  if (!env().SENTRY_DSN) return;
  try {
    const Sentry = await import('@sentry/nextjs');
    Sentry.captureException(error, {
      tags: {
        request_id: context.requestId,
        route: context.route,
        method: context.method,
        tenant_id: context.tenantId,
      },
    });
  } catch {
    // Reporting must never turn into a second failure.
  }
}

export async function flushSentry(timeoutMs = 2000): Promise<void> {
  if (!env().SENTRY_DSN) return;
  const Sentry = await import('@sentry/nextjs');
  await Sentry.flush(timeoutMs);
}
