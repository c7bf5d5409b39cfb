'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { describeError, type Board } from './api';
import { useWorkspace } from './app-shell';
import { EmptyState, ErrorMessage, Loading } from './primitives';

export function BoardsPage() {
  const { api, can, base, workspace } = useWorkspace();
  const router = useRouter();
  const [boards, setBoards] = useState<Board[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [createError, setCreateError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [showArchived, setShowArchived] = useState(false);

  const load = useCallback(async () => {
    try {
      setBoards((await api.get<{ data: Board[] }>('/boards', { includeArchived: showArchived })).data);
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
      const board = await api.post<Board>('/boards', {
        name: String(form.get('name') ?? '').trim(),
        ...(columns.length ? { columns } : {}),
      });
      router.push(`${base}/b/${board.id}`);
    } catch (e) {
      setCreateError(describeError(e));
      setBusy(false);
    }
  }

  return (
    <main>
      <h1>{workspace.name}: boards</h1>
      {error ? <ErrorMessage error={error} /> : null}
      <label className="row small">
        <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
        Show archived boards
      </label>
      {boards === null && !error ? <Loading /> : null}
      {boards && boards.length === 0 ? (
        <EmptyState title="No boards yet">
          <p>
            {can('board:create')
              ? 'Create the first board below: it starts with To do, In progress and Done.'
              : 'When a member creates a board, it appears here.'}
          </p>
        </EmptyState>
      ) : null}
      {boards && boards.length > 0 ? (
        <ul className="board-list">
          {boards.map((board) => (
            <li key={board.id}>
              <Link href={`${base}/b/${board.id}`}>{board.name}</Link>
              {board.archivedAt ? <span className="role-badge">Archived</span> : null}
              {board.description ? <span className="muted"> — {board.description}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {can('board:create') ? (
        <section aria-labelledby="new-board">
          <h2 id="new-board">New board</h2>
          <form onSubmit={create} className="stack narrow">
            <label>
              Name
              <input name="name" required maxLength={120} />
            </label>
            <label>
              Columns <span className="muted">(comma-separated, optional)</span>
              <input name="columns" placeholder="To do, In progress, Done" />
            </label>
            <ErrorMessage error={createError} />
            <button type="submit" className="primary" disabled={busy}>
              Create board
            </button>
          </form>
        </section>
      ) : null}
    </main>
  );
}
