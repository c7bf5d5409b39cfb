'use client';

import { priorities, type Member, type Priority, type TicketSummary } from './api';
import { Field, Input, Select } from './components';

type Editable = Pick<TicketSummary, 'title' | 'priority' | 'assigneeId' | 'labels' | 'dueDate'> & {
  description?: string;
};

/** Priority, assignee, due date and labels: the fields the quick edit and the ticket page share. */
export function TicketMetaFields({ ticket, members }: { ticket: Editable; members: Member[] }) {
  return (
    <>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <Field label="Priority">
          <Select name="priority" defaultValue={ticket.priority}>
            {priorities.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Assignee">
          <Select name="assigneeId" defaultValue={ticket.assigneeId ?? ''}>
            <option value="">Unassigned</option>
            {members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name || m.email}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Due">
          <Input type="date" name="dueDate" defaultValue={ticket.dueDate ?? ''} />
        </Field>
      </div>
      <Field label="Labels" hint="(comma-separated)">
        <Input name="labels" defaultValue={ticket.labels.join(', ')} />
      </Field>
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
