'use client';

import { useState, type FormEvent } from 'react';
import { describeError, type Board } from '../api';
import { data } from '../client';
import { useWorkspace } from '../app-shell';
import { Archive, ArchiveRestore } from 'lucide-react';
import { Button, Dialog, ErrorMessage, Field, Input, Textarea } from '../components';

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
  const { client: api, can } = useWorkspace();
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
    run(async () =>
      onSaved(await data(api.PATCH('/boards/{boardId}', { params: { path: { boardId: board.id } }, body }))),
    );

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void patch({ name: String(form.get('name') ?? '').trim(), description: String(form.get('description') ?? '') });
  }
  function remove(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void run(async () => {
      await data(api.DELETE('/boards/{boardId}', { params: { path: { boardId: board.id } } }));
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
      <form onSubmit={save} className="flex flex-col gap-4" key={board.updatedAt}>
        <Field label="Name">
          <Input name="name" defaultValue={board.name} required maxLength={120} />
        </Field>
        <Field label="Description">
          <Textarea name="description" defaultValue={board.description} maxLength={5000} rows={3} />
        </Field>
        <ErrorMessage error={error} />
        <div className="flex flex-wrap gap-2">
          <Button type="submit" variant="primary">
            Save
          </Button>
          {board.archivedAt ? (
            <Button onClick={() => void patch({ archived: false })}>Restore board</Button>
          ) : (
            <Button onClick={() => void patch({ archived: true })}>Archive board</Button>
          )}
        </div>
        <p className="text-xs text-muted">
          An archived board leaves the board list; its tickets stay, and it can be restored.
        </p>
      </form>
      {can('board:delete') ? (
        <form onSubmit={remove} className="danger-zone mt-6 flex flex-col gap-3 rounded-lg border border-danger/40 p-4">
          <h3 className="text-danger">Delete the board</h3>
          <p className="text-sm text-muted">
            This deletes every column, ticket and comment on {board.name}. It cannot be undone.
          </p>
          <Field
            label={
              <>
                Type <strong>{board.name}</strong> to confirm
              </>
            }
          >
            <Input value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="off" />
          </Field>
          <Button type="submit" variant="danger" disabled={confirm !== board.name} className="self-start">
            Delete this board
          </Button>
        </form>
      ) : null}
    </Dialog>
  );
}

/** Shown on an archived board: it is read as before, and whoever may update it can bring it back. */
export function ArchivedBoardNotice({ board, onRestored }: { board: Board; onRestored: (board: Board) => void }) {
  const { client: api, can } = useWorkspace();
  const [error, setError] = useState<string | null>(null);
  if (!board.archivedAt) return null;
  async function restore() {
    try {
      onRestored(
        await data(
          api.PATCH('/boards/{boardId}', { params: { path: { boardId: board.id } }, body: { archived: false } }),
        ),
      );
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  }
  return (
    <div
      className="archived-notice mb-3 flex flex-wrap items-center gap-3 rounded-lg border border-warning/40 bg-warning-soft px-3 py-2 text-sm text-fg"
      role="status"
    >
      <Archive className="size-4 text-warning" aria-hidden />
      This board is archived: it is hidden from the board list.{' '}
      {can('board:update') ? (
        <Button size="sm" onClick={() => void restore()}>
          <ArchiveRestore className="size-4" aria-hidden />
          Restore board
        </Button>
      ) : null}
      <ErrorMessage error={error} />
    </div>
  );
}
