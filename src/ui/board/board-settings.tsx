'use client';

import { useState, type FormEvent } from 'react';
import { describeError, type Board } from '../api';
import { useWorkspace } from '../app-shell';
import { Dialog, ErrorMessage } from '../primitives';

/** Rename, describe, archive or restore the board; delete it after typing its name (board:delete only). */
export function BoardSettingsDialog({
  board,
  open,
  onClose,
  onSaved,
  onDeleted,
}: {
  board: Board;
  open: boolean;
  onClose: () => void;
  onSaved: (board: Board) => void;
  onDeleted: () => void;
}) {
  const { api, can } = useWorkspace();
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState('');

  async function run(work: () => Promise<void>) {
    try {
      await work();
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  }
  const patch = (body: Partial<{ name: string; description: string; archived: boolean }>) =>
    run(async () => onSaved(await api.patch<Board>(`/boards/${board.id}`, body)));

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void patch({ name: String(form.get('name') ?? '').trim(), description: String(form.get('description') ?? '') });
  }
  function remove(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void run(async () => {
      await api.del(`/boards/${board.id}`);
      onDeleted();
    });
  }
  const close = () => {
    setError(null);
    setConfirm('');
    onClose();
  };

  return (
    <Dialog open={open} onClose={close} title={`Board settings: ${board.name}`}>
      <form onSubmit={save} className="stack" key={board.updatedAt}>
        <label>
          Name
          <input name="name" defaultValue={board.name} required maxLength={120} />
        </label>
        <label>
          Description
          <textarea name="description" defaultValue={board.description} maxLength={5000} rows={3} />
        </label>
        <ErrorMessage error={error} />
        <div className="row">
          <button type="submit" className="primary">
            Save
          </button>
          {board.archivedAt ? (
            <button type="button" onClick={() => void patch({ archived: false })}>
              Restore board
            </button>
          ) : (
            <button type="button" onClick={() => void patch({ archived: true })}>
              Archive board
            </button>
          )}
        </div>
        <p className="muted small">
          An archived board leaves the board list; its tickets stay, and it can be restored.
        </p>
      </form>
      {can('board:delete') ? (
        <form onSubmit={remove} className="stack danger-zone">
          <h3>Delete the board</h3>
          <p className="small">This deletes every column, ticket and comment on {board.name}. It cannot be undone.</p>
          <label>
            Type <strong>{board.name}</strong> to confirm
            <input value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="off" />
          </label>
          <button type="submit" className="danger" disabled={confirm !== board.name}>
            Delete this board
          </button>
        </form>
      ) : null}
    </Dialog>
  );
}

/** Shown on an archived board: it is read as before, and whoever may update it can bring it back. */
export function ArchivedBoardNotice({ board, onRestored }: { board: Board; onRestored: (board: Board) => void }) {
  const { api, can } = useWorkspace();
  const [error, setError] = useState<string | null>(null);
  if (!board.archivedAt) return null;
  async function restore() {
    try {
      onRestored(await api.patch<Board>(`/boards/${board.id}`, { archived: false }));
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  }
  return (
    <div className="archived-notice" role="status">
      This board is archived: it is hidden from the board list.{' '}
      {can('board:update') ? (
        <button type="button" className="small" onClick={() => void restore()}>
          Restore board
        </button>
      ) : null}
      <ErrorMessage error={error} />
    </div>
  );
}
