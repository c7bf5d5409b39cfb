// Next calls register() once per server process before serving. Everything ops starts here: the configuration
// check (a bad one exits with one message), tracing, error reporting, the rate-limit and flag clients, shutdown.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { boot } = await import('./src/server/boot');
    await boot();
  } else if (process.env.NEXT_RUNTIME === 'edge' && process.env.SENTRY_DSN) {
    await import('./sentry.edge.config');
  }
}

// Errors Next itself catches (pages, server components); API routes report their 500s from the handler.
export async function onRequestError(...args: unknown[]): Promise<void> {
  if (!process.env.SENTRY_DSN) return;
  const Sentry = await import('@sentry/nextjs');
  (Sentry.captureRequestError as (...a: unknown[]) => void)(...args);
}
