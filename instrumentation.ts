import { env } from './src/server/env';

// Next calls register() once per server process before serving. Everything ops starts here: the configuration
// check (a bad one exits with one message), tracing, error reporting, the rate-limit and flag clients, shutdown.
// NEXT_RUNTIME is Next's own marker of the runtime this copy runs in, not a setting: it stays a process.env read.
export async function register(): Promise<void> {
  // eslint-disable-next-line no-restricted-properties -- Next's runtime marker (see above), not a setting
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { boot } = await import('./src/server/boot');
    const { allJobs } = await import('./src/api/jobs');
    await boot({ jobs: allJobs });
    // eslint-disable-next-line no-restricted-properties -- Next's runtime marker (see above), not a setting
  } else if (process.env.NEXT_RUNTIME === 'edge' && env().SENTRY_DSN) {
    await import('./sentry.edge.config');
  }
}

// Errors Next itself catches (pages, server components); API routes report their 500s from the handler.
export async function onRequestError(...args: unknown[]): Promise<void> {
  if (!env().SENTRY_DSN) return;
  const Sentry = await import('@sentry/nextjs');
  (Sentry.captureRequestError as (...a: unknown[]) => void)(...args);
}
