'use client';

import { useState, type FormEvent } from 'react';
import { describeError } from '../api';
import { data } from '../client';
import { useWorkspace } from '../app-shell';
import { Button, Dialog, ErrorMessage, Field, Input, Select } from '../components';
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
  const { client: api } = useWorkspace();
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
      await data(
        api.PATCH('/columns/{columnId}', {
          params: { path: { columnId: column.id } },
          body: {
            name: String(form.get('name') ?? '').trim(),
            wipLimit: wip ? Number(wip) : null,
            ...(moved ? { afterColumnId: after || null } : {}),
          },
        }),
      );
      setError(null);
      onDone();
    } catch (e) {
      setError(describeError(e));
    }
  }
  async function remove() {
    if (!column || !window.confirm(`Delete the column “${column.name}”?`)) return;
    try {
      await data(api.DELETE('/columns/{columnId}', { params: { path: { columnId: column.id } } }));
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
        <form onSubmit={(event) => void save(event)} className="flex flex-col gap-4" key={column.id}>
          <Field label="Name">
            <Input name="name" defaultValue={column.name} required maxLength={80} />
          </Field>
          <Field
            label={
              <>
                WIP limit <span className="font-normal text-muted">(empty for none)</span>
              </>
            }
          >
            <Input name="wipLimit" type="number" min={1} max={10000} defaultValue={column.wipLimit ?? ''} />
          </Field>
          {columns.length > 1 ? (
            <Field label="Position">
              <Select name="after" defaultValue={previousOf(columns, column.id)}>
                <option value="">First</option>
                {columns
                  .filter((c) => c.id !== column.id)
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      After {c.name}
                    </option>
                  ))}
              </Select>
            </Field>
          ) : null}
          <ErrorMessage error={error} />
          <div className="flex flex-wrap gap-2">
            <Button type="submit" variant="primary">
              Save
            </Button>
            <Button
              variant="danger"
              onClick={() => void remove()}
              disabled={column.ticketCount > 0}
              aria-describedby={column.ticketCount > 0 ? 'col-delete-hint' : undefined}
            >
              Delete column
            </Button>
          </div>
          {column.ticketCount > 0 ? (
            <p className="text-xs text-muted" id="col-delete-hint">
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
  const { client: api } = useWorkspace();
  const [error, setError] = useState<string | null>(null);
  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const wip = String(form.get('wipLimit') ?? '').trim();
    try {
      await data(
        api.POST('/boards/{boardId}/columns', {
          params: { path: { boardId } },
          body: {
            name: String(form.get('name') ?? '').trim(),
            afterColumnId,
            ...(wip ? { wipLimit: Number(wip) } : {}),
          },
        }),
      );
      formElement.reset();
      setError(null);
      onDone();
    } catch (e) {
      setError(describeError(e));
    }
  }
  return (
    <form
      className="add-column flex w-[calc(100vw-2rem)] shrink-0 snap-center flex-col gap-2 self-start rounded-xl border border-dashed border-border-strong p-3 sm:w-64"
      onSubmit={(event) => void add(event)}
    >
      <Field label="New column">
        <Input name="name" required maxLength={80} />
      </Field>
      <Field label="WIP limit">
        <Input name="wipLimit" type="number" min={1} max={10000} />
      </Field>
      <Button type="submit" className="self-start">
        Add column
      </Button>
      <ErrorMessage error={error} />
    </form>
  );
}
