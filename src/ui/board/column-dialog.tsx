'use client';

import { useState, type FormEvent } from 'react';
import { describeError } from '../api';
import { useWorkspace } from '../app-shell';
import { Dialog, ErrorMessage } from '../primitives';
import type { ColumnState } from './model';

/** The column it follows now ('' when it is first): the value the position select starts from. */
const previousOf = (columns: ColumnState[], id: string) => {
  const index = columns.findIndex((c) => c.id === id);
  return index > 0 ? columns[index - 1]!.id : '';
};

export function ColumnDialog({
  column,
  columns,
  onClose,
  onDone,
}: {
  column: ColumnState | null;
  columns: ColumnState[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { api } = useWorkspace();
  const [error, setError] = useState<string | null>(null);
  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!column) return;
    const form = new FormData(event.currentTarget);
    const wip = String(form.get('wipLimit') ?? '').trim();
    const after = String(form.get('after') ?? '');
    // Only a real move sends afterColumnId: a save that keeps the place must not re-key the column.
    const moved = after !== previousOf(columns, column.id);
    try {
      await api.patch(`/columns/${column.id}`, {
        name: String(form.get('name') ?? '').trim(),
        wipLimit: wip ? Number(wip) : null,
        ...(moved ? { afterColumnId: after || null } : {}),
      });
      setError(null);
      onDone();
    } catch (e) {
      setError(describeError(e));
    }
  }
  async function remove() {
    if (!column || !window.confirm(`Delete the column “${column.name}”?`)) return;
    try {
      await api.del(`/columns/${column.id}`);
      setError(null);
      onDone();
    } catch (e) {
      setError(describeError(e));
    }
  }
  return (
    <Dialog
      open={Boolean(column)}
      onClose={() => {
        setError(null);
        onClose();
      }}
      title={column ? `Column: ${column.name}` : 'Column'}
    >
      {column ? (
        <form onSubmit={save} className="stack" key={column.id}>
          <label>
            Name
            <input name="name" defaultValue={column.name} required maxLength={80} />
          </label>
          <label>
            WIP limit <span className="muted">(empty for none)</span>
            <input name="wipLimit" type="number" min={1} max={10000} defaultValue={column.wipLimit ?? ''} />
          </label>
          {columns.length > 1 ? (
            <label>
              Position
              <select name="after" defaultValue={previousOf(columns, column.id)}>
                <option value="">First</option>
                {columns
                  .filter((c) => c.id !== column.id)
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      After {c.name}
                    </option>
                  ))}
              </select>
            </label>
          ) : null}
          <ErrorMessage error={error} />
          <div className="row">
            <button type="submit" className="primary">
              Save
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => void remove()}
              disabled={column.ticketCount > 0}
              aria-describedby={column.ticketCount > 0 ? 'col-delete-hint' : undefined}
            >
              Delete column
            </button>
          </div>
          {column.ticketCount > 0 ? (
            <p className="muted small" id="col-delete-hint">
              Only an empty column can be deleted.
            </p>
          ) : null}
        </form>
      ) : null}
    </Dialog>
  );
}

export function AddColumnForm({
  boardId,
  afterColumnId,
  onDone,
}: {
  boardId: string;
  afterColumnId: string | null;
  onDone: () => void;
}) {
  const { api } = useWorkspace();
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="inline-form add-column"
      onSubmit={async (event) => {
        event.preventDefault();
        const formElement = event.currentTarget;
        const form = new FormData(formElement);
        const wip = String(form.get('wipLimit') ?? '').trim();
        try {
          await api.post(`/boards/${boardId}/columns`, {
            name: String(form.get('name') ?? '').trim(),
            afterColumnId,
            ...(wip ? { wipLimit: Number(wip) } : {}),
          });
          formElement.reset();
          setError(null);
          onDone();
        } catch (e) {
          setError(describeError(e));
        }
      }}
    >
      <label>
        New column
        <input name="name" required maxLength={80} />
      </label>
      <label>
        WIP limit
        <input name="wipLimit" type="number" min={1} max={10000} className="short" />
      </label>
      <button type="submit">Add column</button>
      <ErrorMessage error={error} />
    </form>
  );
}
