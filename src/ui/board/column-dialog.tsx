'use client';

import { useState, type FormEvent } from 'react';
import { describeError } from '../api';
import { useWorkspace } from '../app-shell';
import { Dialog, ErrorMessage } from '../primitives';
import type { ColumnState } from './model';

export function ColumnDialog({ column, onClose, onDone }: { column: ColumnState | null; onClose: () => void; onDone: () => void }) {
  const { api } = useWorkspace();
  const [error, setError] = useState<string | null>(null);
  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!column) return;
    const form = new FormData(event.currentTarget);
    const wip = String(form.get('wipLimit') ?? '').trim();
    try {
      await api.patch(`/columns/${column.id}`, { name: String(form.get('name') ?? '').trim(), wipLimit: wip ? Number(wip) : null });
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
    <Dialog open={Boolean(column)} onClose={() => { setError(null); onClose(); }} title={column ? `Column: ${column.name}` : 'Column'}>
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
          <ErrorMessage error={error} />
          <div className="row">
            <button type="submit" className="primary">
              Save
            </button>
            <button type="button" className="danger" onClick={() => void remove()} disabled={column.ticketCount > 0} aria-describedby={column.ticketCount > 0 ? 'col-delete-hint' : undefined}>
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

export function AddColumnForm({ boardId, afterColumnId, onDone }: { boardId: string; afterColumnId: string | null; onDone: () => void }) {
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
          await api.post(`/boards/${boardId}/columns`, { name: String(form.get('name') ?? '').trim(), afterColumnId, ...(wip ? { wipLimit: Number(wip) } : {}) });
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
