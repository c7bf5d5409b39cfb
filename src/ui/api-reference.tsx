import Link from 'next/link';
import { Logo } from './logo';

// Server-rendered reference built from the OpenAPI document: no script, no CDN, works air-gapped.
type Json = Record<string, unknown>;
type Operation = {
  operationId?: string;
  summary?: string;
  tags?: string[];
  'x-permission'?: string;
  security?: Json[];
  parameters?: { name: string; in: string; required?: boolean; schema?: Json; description?: string }[];
  requestBody?: { content?: Record<string, { schema?: Json }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Json }> }>;
};
type Document = {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
  components?: Json;
};

const METHODS = ['get', 'post', 'patch', 'put', 'delete'];
const methodColour: Record<string, string> = {
  get: 'text-sky-700 dark:text-sky-400',
  post: 'text-green-700 dark:text-green-400',
  patch: 'text-amber-700 dark:text-amber-400',
  put: 'text-amber-700 dark:text-amber-400',
  delete: 'text-red-700 dark:text-red-400',
};

function schemaText(schema: Json | undefined): string {
  return schema ? JSON.stringify(schema, null, 2) : '';
}

export function ApiReference({ document }: { document: unknown }) {
  const doc = document as Document;
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method]! })),
  );
  const tags = [...new Set(operations.map((o) => o.op.tags?.[0] ?? 'Other'))];
  return (
    <main className="mx-auto max-w-4xl px-4 pt-6 pb-16 sm:px-6">
      <p className="mb-4">
        <Link href="/" className="inline-flex items-center gap-2 font-bold text-fg no-underline hover:no-underline">
          <Logo /> Tika
        </Link>
      </p>
      <h1>
        {doc.info.title} <span className="text-base font-normal text-muted">v{doc.info.version}</span>
      </h1>
      <p className="mt-2 text-muted">{doc.info.description}</p>
      <p className="mt-3">
        Base URL <code>/api/v1</code>. Authenticate with <code>Authorization: Bearer tika_…</code> (a workspace API
        token) or a browser session plus the <code>x-tika-workspace</code> header. Machine-readable:{' '}
        <a href="/api/v1/openapi.json">openapi.json</a>.
      </p>
      <nav aria-label="Sections" className="my-6 flex flex-wrap gap-x-4 gap-y-1">
        {tags.map((tag) => (
          <a key={tag} href={`#${encodeURIComponent(tag)}`}>
            {tag}
          </a>
        ))}
      </nav>
      {tags.map((tag) => (
        <section key={tag} id={encodeURIComponent(tag)} className="mb-8">
          <h2 className="mb-2 text-lg">{tag}</h2>
          {operations
            .filter((o) => (o.op.tags?.[0] ?? 'Other') === tag)
            .map(({ path, method, op }) => (
              <details
                key={`${method} ${path}`}
                className="op mb-2 rounded-lg border border-border bg-surface"
                id={op.operationId}
              >
                <summary className="flex cursor-pointer flex-wrap items-baseline gap-x-3 gap-y-1 px-3 py-2">
                  <span className={`method w-14 font-mono text-xs font-bold ${methodColour[method] ?? ''}`}>
                    {method.toUpperCase()}
                  </span>
                  <code className="break-all">{path}</code>
                  <span className="text-muted">{op.summary}</span>
                </summary>
                <div className="markdown border-t border-border px-3 py-2">
                  {op['x-permission'] && (
                    <p>
                      Requires permission <code>{op['x-permission']}</code>.
                    </p>
                  )}
                  {op.parameters && op.parameters.length > 0 && (
                    <>
                      <h4>Parameters</h4>
                      <ul>
                        {op.parameters.map((p) => (
                          <li key={`${p.in}:${p.name}`}>
                            <code>{p.name}</code>{' '}
                            <span className="text-muted">
                              ({p.in}
                              {p.required ? ', required' : ''})
                            </span>{' '}
                            {p.description}
                          </li>
                        ))}
                      </ul>
                    </>
                  )}
                  {op.requestBody?.content?.['application/json'] && (
                    <>
                      <h4>Request body</h4>
                      <pre tabIndex={0}>{schemaText(op.requestBody.content['application/json'].schema)}</pre>
                    </>
                  )}
                  <h4>Responses</h4>
                  <ul>
                    {Object.entries(op.responses ?? {}).map(([status, response]) => (
                      <li key={status}>
                        <code>{status}</code> {response.description}
                      </li>
                    ))}
                  </ul>
                </div>
              </details>
            ))}
        </section>
      ))}
      <section>
        <h2 className="mb-2 text-lg">Schemas</h2>
        <pre tabIndex={0} aria-label="Schemas">
          {schemaText((doc.components as Json | undefined)?.schemas as Json)}
        </pre>
      </section>
    </main>
  );
}
