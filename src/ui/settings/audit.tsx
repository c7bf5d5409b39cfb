'use client';

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { describeError, type AuditEntry, type Page } from '../api';
import { useWorkspace } from '../app-shell';
import { EmptyState, ErrorMessage, Loading, formatDate } from '../primitives';

const actions = [
  'CREATE',
  'UPDATE',
  'DELETE',
  'MOVE',
  'ARCHIVE',
  'RESTORE',
  'ACCEPT',
  'REVOKE',
  'REMOVE',
  'LEAVE',
  'TRANSFER',
  'ROLE_CHANGE',
  'SIGN_IN',
];
const resources = [
  'workspace',
  'board',
  'column',
  'ticket',
  'comment',
  'member',
  'invitation',
  'api_token',
  'session',
  'settings',
];
const EXPORT_LIMIT = 50_000;

type Query = Record<string, string | undefined>;

/** A spreadsheet must not execute a cell: prefix formula starters, quote everything. */
function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv(rows: AuditEntry[]): string {
  const header = [
    'createdAt',
    'actorType',
    'actorId',
    'action',
    'resourceType',
    'resourceId',
    'ip',
    'userAgent',
    'requestId',
    'before',
    'after',
  ];
  const lines = rows.map((r) =>
    [
      r.createdAt,
      r.actorType,
      r.actorId,
      r.action,
      r.resourceType,
      r.resourceId,
      r.ip,
      r.userAgent,
      r.requestId,
      r.changes.before,
      r.changes.after,
    ]
      .map(csvCell)
      .join(','),
  );
  return [header.join(','), ...lines].join('\r\n');
}

function download(name: string, type: string, content: string) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function AuditPage() {
  const { api, can, workspace } = useWorkspace();
  const [query, setQuery] = useState<Query>({});
  const [rows, setRows] = useState<AuditEntry[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exporting, setExporting] = useState<string | null>(null);

  const fetchPage = useCallback(
    (q: Query, after?: string, limit = 50) => api.get<Page<AuditEntry>>('/audit-log', { ...q, limit, cursor: after }),
    [api],
  );
  const load = useCallback(
    async (q: Query, after?: string) => {
      try {
        const page = await fetchPage(q, after);
        setRows((current) => [...(after ? (current ?? []) : []), ...page.data]);
        setCursor(page.nextCursor);
        setError(null);
      } catch (e) {
        setError(describeError(e));
      }
    },
    [fetchPage],
  );
  useEffect(() => {
    if (can('audit:read')) void load(query);
  }, [load, query, can]);

  function applyFilters(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (key: string) => String(form.get(key) ?? '').trim() || undefined;
    const day = (key: string, end: boolean) => {
      const v = value(key);
      return v ? new Date(`${v}T${end ? '23:59:59.999' : '00:00:00'}`).toISOString() : undefined;
    };
    setQuery({
      action: value('action'),
      resourceType: value('resourceType'),
      actorType: value('actorType'),
      actorId: value('actorId'),
      resourceId: value('resourceId'),
      from: day('from', false),
      to: day('to', true),
    });
  }

  async function exportAll(format: 'csv' | 'json') {
    setExporting(format);
    try {
      const all: AuditEntry[] = [];
      let after: string | undefined;
      do {
        const page = await fetchPage(query, after, 200);
        all.push(...page.data);
        after = page.nextCursor ?? undefined;
      } while (after && all.length < EXPORT_LIMIT);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      if (format === 'csv') download(`audit-${workspace.slug}-${stamp}.csv`, 'text/csv;charset=utf-8', toCsv(all));
      else download(`audit-${workspace.slug}-${stamp}.json`, 'application/json', JSON.stringify(all, null, 2));
      setError(after ? `Exported the newest ${all.length} entries; narrow the filters to export older ones.` : null);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setExporting(null);
    }
  }

  if (!can('audit:read'))
    return (
      <main>
        <h1>Audit log</h1>
        <p>Only admins and owners can read the audit log.</p>
      </main>
    );
  return (
    <main>
      <h1>Audit log</h1>
      <form className="filters" onSubmit={applyFilters} aria-label="Filter the audit log">
        <label>
          Action
          <select name="action" defaultValue="">
            <option value="">Any</option>
            {actions.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label>
          Resource
          <select name="resourceType" defaultValue="">
            <option value="">Any</option>
            {resources.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label>
          Actor type
          <select name="actorType" defaultValue="">
            <option value="">Any</option>
            <option value="user">user</option>
            <option value="token">token</option>
            <option value="system">system</option>
          </select>
        </label>
        <label>
          Actor id
          <input name="actorId" maxLength={200} />
        </label>
        <label>
          Resource id
          <input name="resourceId" maxLength={200} />
        </label>
        <label>
          From
          <input name="from" type="date" />
        </label>
        <label>
          To
          <input name="to" type="date" />
        </label>
        <button type="submit">Apply</button>
      </form>
      <div className="row">
        <button type="button" onClick={() => void exportAll('csv')} disabled={exporting !== null}>
          {exporting === 'csv' ? 'Exporting…' : 'Export CSV'}
        </button>
        <button type="button" onClick={() => void exportAll('json')} disabled={exporting !== null}>
          {exporting === 'json' ? 'Exporting…' : 'Export JSON'}
        </button>
      </div>
      <ErrorMessage error={error} />
      {rows === null && !error ? <Loading /> : null}
      {rows?.length === 0 ? <EmptyState title="No entries match these filters" /> : null}
      {rows && rows.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Audit entries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Resource</th>
                <th scope="col">IP</th>
                <th scope="col">Changes</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{formatDate(r.createdAt)}</td>
                  <td>
                    {r.actorType}
                    {r.actorId ? (
                      <>
                        <br />
                        <code className="small">{r.actorId}</code>
                      </>
                    ) : null}
                  </td>
                  <td>{r.action}</td>
                  <td>
                    {r.resourceType}
                    {r.resourceId ? (
                      <>
                        <br />
                        <code className="small">{r.resourceId}</code>
                      </>
                    ) : null}
                  </td>
                  <td>{r.ip ?? ''}</td>
                  <td>
                    <details>
                      <summary>Show</summary>
                      <pre>{JSON.stringify(r.changes, null, 2)}</pre>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {cursor ? (
        <button type="button" className="ghost" onClick={() => void load(query, cursor)}>
          Load older entries
        </button>
      ) : null}
    </main>
  );
}
