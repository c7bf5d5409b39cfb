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
    <main>
      <h1>
        {doc.info.title} <span className="muted">v{doc.info.version}</span>
      </h1>
      <p>{doc.info.description}</p>
      <p>
        Base URL <code>/api/v1</code>. Authenticate with <code>Authorization: Bearer tika_…</code> (a workspace API
        token) or a browser session plus the <code>x-tika-workspace</code> header. Machine-readable:{' '}
        <a href="/api/v1/openapi.json">openapi.json</a>.
      </p>
      <nav aria-label="Sections">
        {tags.map((tag) => (
          <a key={tag} href={`#${encodeURIComponent(tag)}`} style={{ marginRight: '1rem' }}>
            {tag}
          </a>
        ))}
      </nav>
      {tags.map((tag) => (
        <section key={tag} id={encodeURIComponent(tag)}>
          <h2>{tag}</h2>
          {operations
            .filter((o) => (o.op.tags?.[0] ?? 'Other') === tag)
            .map(({ path, method, op }) => (
              <details key={`${method} ${path}`} className="op" id={op.operationId}>
                <summary>
                  <span className="method">{method.toUpperCase()}</span>
                  <code>{path}</code>
                  <span className="muted">{op.summary}</span>
                </summary>
                <div>
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
                            <span className="muted">
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
                      <pre>{schemaText(op.requestBody.content['application/json'].schema)}</pre>
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
        <h2>Schemas</h2>
        <pre>{schemaText((doc.components as Json | undefined)?.schemas as Json)}</pre>
      </section>
    </main>
  );
}
