import Link from 'next/link';

export default function Home() {
  return (
    <main>
      <h1>Tika</h1>
      <p>Kanban for teams, with tenant isolation, audit logs and operations built in.</p>
      <p className="row">
        <Link className="button primary" href="/w">
          Open your boards
        </Link>
        <Link className="button" href="/sign-up">
          Create an account
        </Link>
        <Link className="button" href="/sign-in">
          Sign in
        </Link>
      </p>
      <ul>
        <li>
          <Link href="/api-reference">API reference</Link> — every <code>/api/v1</code> operation, from the{' '}
          <a href="/api/v1/openapi.json">OpenAPI document</a>.
        </li>
        <li>
          Health: <a href="/api/health/live">live</a> · <a href="/api/health/ready">ready</a>
        </li>
      </ul>
    </main>
  );
}
