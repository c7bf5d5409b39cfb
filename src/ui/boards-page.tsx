'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { describeError, type Board } from './api';
import { data } from './client';
import { useWorkspace } from './app-shell';
import { LayoutGrid } from 'lucide-react';
import {
  Badge,
  Button,
  Checkbox,
  EmptyState,
  ErrorMessage,
  Field,
  Input,
  Loading,
  Page,
  PageHeader,
  Section,
} from './components';

export function BoardsPage() {
  const { client: api, can, base, workspace } = useWorkspace();
  const router = useRouter();
  const [boards, setBoards] = useState<Board[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [createError, setCreateError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [showArchived, setShowArchived] = useState(false);

  const load = useCallback(async () => {
    try {
      const page = await data(
        api.GET('/boards', { params: { query: { includeArchived: showArchived ? 'true' : 'false' } } }),
      );
      setBoards(page.data);
    } catch (e) {
      setError(describeError(e));
    }
  }, [api, showArchived]);
  useEffect(() => {
    void load();
  }, [load]);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const columns = String(form.get('columns') ?? '')
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    setBusy(true);
    setCreateError(null);
    try {
      const board = await data(
        api.POST('/boards', {
          body: { name: String(form.get('name') ?? '').trim(), ...(columns.length ? { columns } : {}) },
        }),
      );
      router.push(`${base}/b/${board.id}`);
    } catch (e) {
      setCreateError(describeError(e));
      setBusy(false);
    }
  }

  return (
    <Page>
      <PageHeader
        title="Boards"
        description={workspace.name}
        actions={
          <Checkbox
            label="Show archived boards"
            checked={showArchived}
            onChange={(e) => setShowArchived(e.target.checked)}
          />
        }
      />
      {error ? <ErrorMessage error={error} /> : null}
      {boards === null && !error ? <Loading /> : null}
      {boards && boards.length === 0 ? (
        <EmptyState title="No boards yet" className="mb-6">
          <p>
            {can('board:create')
              ? 'Create the first board below: it starts with To do, In progress and Done.'
              : 'When a member creates a board, it appears here.'}
          </p>
        </EmptyState>
      ) : null}
      {boards && boards.length > 0 ? (
        <ul className="board-list mb-8 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {boards.map((board) => (
            <li
              key={board.id}
              className="group relative flex flex-col gap-1 rounded-xl border border-border bg-surface p-4 shadow-xs transition-shadow hover:shadow-md"
            >
              <div className="flex items-center gap-2">
                <LayoutGrid className="size-4 shrink-0 text-accent" aria-hidden />
                <Link
                  href={`${base}/b/${board.id}`}
                  className="min-w-0 truncate font-semibold text-fg no-underline after:absolute after:inset-0 after:content-['']"
                >
                  {board.name}
                </Link>
                {board.archivedAt ? <Badge className="ml-auto">Archived</Badge> : null}
              </div>
              {board.description ? (
                <p className="line-clamp-2 text-sm text-muted">{plainText(board.description)}</p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {can('board:create') ? (
        <Section title="New board" id="new-board" className="max-w-xl">
          <form onSubmit={(event) => void create(event)} className="flex flex-col gap-4">
            <Field label="Name">
              <Input name="name" required maxLength={120} />
            </Field>
            <Field label="Columns" hint="(comma-separated, optional)">
              <Input name="columns" placeholder="To do, In progress, Done" />
            </Field>
            <ErrorMessage error={createError} />
            <Button type="submit" variant="primary" disabled={busy} className="self-start">
              Create board
            </Button>
          </form>
        </Section>
      ) : null}
    </Page>
  );
}

/** A board description is Markdown; the list shows its words only (the board page renders it). */
export function plainText(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[#>*_`~|-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
