'use client';

import { priorities, type Member, type Priority, type TicketSummary } from './api';

type Editable = Pick<TicketSummary, 'title' | 'priority' | 'assigneeId' | 'labels' | 'dueDate'> & {
  description?: string;
};

/** Priority, assignee, due date and labels: the fields the quick edit and the ticket page share. */
export function TicketMetaFields({ ticket, members }: { ticket: Editable; members: Member[] }) {
  return (
    <>
      <div className="row wrap">
        <label>
          Priority
          <select name="priority" defaultValue={ticket.priority}>
            {priorities.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          Assignee
          <select name="assigneeId" defaultValue={ticket.assigneeId ?? ''}>
            <option value="">Unassigned</option>
            {members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name || m.email}
              </option>
            ))}
          </select>
        </label>
        <label>
          Due
          <input type="date" name="dueDate" defaultValue={ticket.dueDate ?? ''} />
        </label>
      </div>
      <label>
        Labels <span className="muted">(comma-separated)</span>
        <input name="labels" defaultValue={ticket.labels.join(', ')} />
      </label>
    </>
  );
}

/** What the form changed against the ticket as read: only those fields are sent, so the history says what was edited. */
export function ticketEdits(form: FormData, current: Editable): Record<string, unknown> {
  const next: Record<string, unknown> = {
    title: String(form.get('title') ?? '').trim(),
    priority: form.get('priority') as Priority,
    assigneeId: String(form.get('assigneeId') ?? '') || null,
    labels: String(form.get('labels') ?? '')
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean),
    dueDate: String(form.get('dueDate') ?? '') || null,
  };
  if (form.has('description')) next.description = String(form.get('description') ?? '');
  return Object.fromEntries(
    Object.entries(next).filter(
      ([key, value]) => JSON.stringify(value) !== JSON.stringify(current[key as keyof Editable]),
    ),
  );
}
