'use client';

import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, describeError, type Member, type Ticket, type TicketSummary } from '../api';
import { data } from '../client';
import { TicketMetaFields, ticketEdits } from '../ticket-fields';
import { useWorkspace } from '../app-shell';
import { Button, Dialog, ErrorMessage, Field, Input } from '../components';

/** Title, priority, assignee, labels and due date, without leaving the board. */
export function QuickEdit({
  ticket,
  members,
  onClose,
  onSaved,
}: {
  ticket: TicketSummary | null;
  members: Member[];
  onClose: () => void;
  onSaved: (ticket: Ticket) => void;
}) {
  const { client: api } = useWorkspace();
  const [current, setCurrent] = useState<TicketSummary | null>(ticket);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setCurrent(ticket);
    setError(null);
  }, [ticket]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!current) return;
    const form = new FormData(event.currentTarget);
    setBusy(true);
    try {
      const changes = ticketEdits(form, current);
      if (Object.keys(changes).length === 0) {
        onClose();
        return;
      }
      const saved = await data(
        api.PATCH('/tickets/{ticketId}', {
          params: { path: { ticketId: current.id } },
          body: { version: current.version, ...changes },
        }),
      );
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        const fresh = await data(api.GET('/tickets/{ticketId}', { params: { path: { ticketId: current.id } } })).catch(
          () => null,
        );
        if (fresh) setCurrent(fresh);
        setError(
          'Someone else changed this ticket while you were editing. The form now shows the latest version; review and save again.',
        );
      } else setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open={Boolean(ticket)} onClose={onClose} title="Quick edit">
      {current ? (
        <form
          key={`${current.id}:${current.version}`}
          onSubmit={(event) => void submit(event)}
          className="flex flex-col gap-4"
        >
          <Field label="Title">
            <Input name="title" defaultValue={current.title} required maxLength={200} />
          </Field>
          <TicketMetaFields ticket={current} members={members} />
          <ErrorMessage error={error} />
          <div className="flex flex-wrap gap-2">
            <Button type="submit" variant="primary" disabled={busy}>
              Save
            </Button>
            <Button variant="ghost" onClick={onClose}>
              Cancel
            </Button>
          </div>
        </form>
      ) : null}
    </Dialog>
  );
}
