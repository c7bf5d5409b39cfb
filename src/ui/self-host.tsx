import Link from 'next/link';
import { Logo } from './logo';
import { ThemeToggle } from './components';

/** How to run Tika yourself, and where an operator's endpoints are (moved here from the landing page). */
export function SelfHostPage() {
  return (
    <div className="min-h-dvh">
      <header className="mx-auto flex h-14 max-w-3xl items-center justify-between px-4 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-bold text-fg no-underline hover:no-underline">
          <Logo /> Tika
        </Link>
        <ThemeToggle />
      </header>
      <main className="markdown mx-auto max-w-3xl px-4 pt-6 pb-16 sm:px-6">
        <h1>Self-host Tika</h1>
        <p>
          Tika runs anywhere Node.js 24 or Docker runs. Start on the embedded database with one command and move to
          PostgreSQL when you grow — same app, no rewrite. The full guide is <code>docs/self-host.md</code> in the
          source distribution (install, TLS, backups and restores, upgrades, air-gapped sites).
        </p>
        <h2>On one machine, embedded database</h2>
        <pre tabIndex={0}>
          <code>npm ci && npm run build && npm run start:local</code>
        </pre>
        <h2>With Docker Compose and PostgreSQL</h2>
        <pre tabIndex={0}>
          <code>{`cp .env.selfhost.example .env && chmod 600 .env
# fill in the secrets, DOMAIN and APP_URL
docker compose -f docker-compose.production.yml up -d`}</code>
        </pre>
        <p>
          Kubernetes users install the Helm chart in <code>helm/</code>; sites without internet use the air-gapped
          bundle (<code>npm run airgap:bundle</code>), which carries the images and installs without pulling anything.
        </p>
        <h2>For operators</h2>
        <ul>
          <li>
            Liveness: <a href="/api/health/live">/api/health/live</a> · readiness:{' '}
            <a href="/api/health/ready">/api/health/ready</a>
          </li>
          <li>
            Prometheus metrics: <code>/api/metrics</code> (protected by <code>METRICS_TOKEN</code> when set)
          </li>
          <li>
            The REST API: <Link href="/api-reference">reference</Link> and the{' '}
            <a href="/api/v1/openapi.json">OpenAPI document</a>
          </li>
        </ul>
      </main>
    </div>
  );
}
