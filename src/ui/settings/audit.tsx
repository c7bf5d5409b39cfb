'use client';

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { describeError, type AuditEntry } from '../api';
import { data, type paths } from '../client';
import { useWorkspace } from '../app-shell';
import Link from 'next/link';
import { useMembers } from '../ticket/queries';
import { auditActor, auditHref, auditNoun, auditTitle, auditVerb } from './audit-summary';
import {
  Avatar,
  Button,
  EmptyState,
  ErrorMessage,
  Field,
  Input,
  Loading,
  Page,
  PageHeader,
  Section,
  Select,
  Table,
  Td,
  Th,
  formatDate,
  relativeTime,
} from '../components';

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
  'label',
];
const EXPORT_LIMIT = 50_000;

type Query = Record<string, string | undefined>;
type AuditQuery = NonNullable<paths['/audit-log']['get']['parameters']['query']>;

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
  const { client, can, workspace, base } = useWorkspace();
  const members = useMembers(client).data ?? [];
  const names = new Map(members.map((m) => [m.userId, m.name || m.email]));
  const [query, setQuery] = useState<Query>({});
  const [rows, setRows] = useState<AuditEntry[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exporting, setExporting] = useState<string | null>(null);

  const fetchPage = useCallback(
    // The filter form's values are checked by the server (an unknown action is a 422 with the field named).
    (q: Query, after?: string, limit = 50) =>
      data(client.GET('/audit-log', { params: { query: { ...(q as AuditQuery), limit, cursor: after } } })),
    [client],
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
      <Page>
        <PageHeader title="Audit log" description="Only admins and owners can read the audit log." />
      </Page>
    );
  return (
    <Page wide>
      <PageHeader
        title="Audit log"
        description="Every change in this workspace, who made it and from where. Newest first."
        actions={
          <>
            <Button onClick={() => void exportAll('csv')} disabled={exporting !== null}>
              {exporting === 'csv' ? 'Exporting…' : 'Export CSV'}
            </Button>
            <Button onClick={() => void exportAll('json')} disabled={exporting !== null}>
              {exporting === 'json' ? 'Exporting…' : 'Export JSON'}
            </Button>
          </>
        }
      />
      <Section>
        <form
          className="grid grid-cols-2 items-end gap-3 sm:grid-cols-4 lg:grid-cols-8"
          onSubmit={applyFilters}
          aria-label="Filter the audit log"
        >
          <Field label="Action">
            <Select name="action" defaultValue="">
              <option value="">Any</option>
              {actions.map((a) => (
                <option key={a}>{a}</option>
              ))}
            </Select>
          </Field>
          <Field label="Resource">
            <Select name="resourceType" defaultValue="">
              <option value="">Any</option>
              {resources.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </Select>
          </Field>
          <Field label="Actor type">
            <Select name="actorType" defaultValue="">
              <option value="">Any</option>
              <option value="user">user</option>
              <option value="token">token</option>
              <option value="system">system</option>
            </Select>
          </Field>
          <Field label="Actor id">
            <Input name="actorId" maxLength={200} />
          </Field>
          <Field label="Resource id">
            <Input name="resourceId" maxLength={200} />
          </Field>
          <Field label="From">
            <Input name="from" type="date" />
          </Field>
          <Field label="To">
            <Input name="to" type="date" />
          </Field>
          <Button type="submit" variant="primary">
            Apply
          </Button>
        </form>
      </Section>
      <ErrorMessage error={error} />
      {rows === null && !error ? <Loading /> : null}
      {rows?.length === 0 ? <EmptyState title="No entries match these filters" /> : null}
      {rows && rows.length > 0 ? (
        <Table caption="Audit entries, newest first">
          <thead>
            <tr>
              <Th>When</Th>
              <Th>Who</Th>
              <Th>What</Th>
              <Th>IP</Th>
              <Th>
                <span className="sr-only">Raw record</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const who = auditActor(r, names);
              const title = auditTitle(r);
              const href = auditHref(r, base);
              const what = title ? `${auditNoun(r)} “${title}”` : auditNoun(r);
              return (
                <tr key={r.id}>
                  <Td className="whitespace-nowrap text-muted">
                    <time dateTime={r.createdAt} title={formatDate(r.createdAt)}>
                      {relativeTime(r.createdAt)}
                    </time>
                  </Td>
                  <Td>
                    <span className="flex items-center gap-2 font-medium">
                      <Avatar name={who} label="" size="sm" />
                      {who}
                    </span>
                  </Td>
                  <Td className="audit-summary">
                    {auditVerb(r)}{' '}
                    {href ? <Link href={href}>{what}</Link> : <span className="font-medium">{what}</span>}
                  </Td>
                  <Td className="text-muted">{r.ip ?? ''}</Td>
                  <Td>
                    <details>
                      <summary className="cursor-pointer text-xs text-accent">Raw record</summary>
                      <pre className="mt-2 max-w-md text-left text-xs whitespace-pre-wrap">
                        {JSON.stringify({ ...r, changes: r.changes }, null, 2)}
                      </pre>
                    </details>
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      ) : null}
      {cursor ? (
        <Button variant="ghost" className="mt-3" onClick={() => void load(query, cursor)}>
          Load older entries
        </Button>
      ) : null}
    </Page>
  );
}
