import { ticketCardFields } from '@/shared/ticket-card';
import type { BoardView, Column, Priority, Ticket, TicketSummary } from '../api';

/** Cards per column in the first page (server-rendered too). Not in a 'use client' file: server pages import it. */
export const PER_COLUMN = 50;

export type ColumnState = Column & { tickets: TicketSummary[]; nextCursor: string | null; loading: boolean };

export interface Filters {
  q: string;
  assigneeId: string;
  label: string;
  priority: '' | Priority;
  due: '' | 'overdue' | 'week' | 'month';
}
export const noFilters: Filters = { q: '', assigneeId: '', label: '', priority: '', due: '' };
export const activeFilterCount = (f: Filters) =>
  [f.q.trim(), f.assigneeId, f.label.trim(), f.priority, f.due].filter(Boolean).length;
export const hasFilters = (f: Filters) => activeFilterCount(f) > 0;

const dues: Filters['due'][] = ['overdue', 'week', 'month'];
const priorityValues: Priority[] = ['urgent', 'high', 'medium', 'low', 'none'];

/** The filters named in a board URL; anything unknown is ignored. */
export function filtersFromParams(params: Pick<URLSearchParams, 'get'>): Filters {
  const priority = params.get('priority') as Priority | null;
  const due = params.get('due') as Filters['due'] | null;
  return {
    q: params.get('q') ?? '',
    assigneeId: params.get('assignee') ?? '',
    label: params.get('label') ?? '',
    priority: priority && priorityValues.includes(priority) ? priority : '',
    due: due && dues.includes(due) ? due : '',
  };
}

/** The URL's parameters with these filters (empty ones removed), everything else kept. */
export function paramsWithFilters(current: URLSearchParams, filters: Filters): URLSearchParams {
  const next = new URLSearchParams(current);
  const values: Record<string, string> = {
    q: filters.q.trim(),
    assignee: filters.assigneeId,
    label: filters.label.trim(),
    priority: filters.priority,
    due: filters.due,
  };
  for (const [key, value] of Object.entries(values)) {
    if (value) next.set(key, value);
    else next.delete(key);
  }
  return next;
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
/** The filters as GET /tickets query parameters (server-side filtering keeps 10,000-ticket boards cheap). */
export function filterQuery(f: Filters): Record<string, string | undefined> {
  const today = new Date();
  const plus = (days: number) => isoDay(new Date(today.getTime() + days * 86_400_000));
  return {
    q: f.q.trim() || undefined,
    assigneeId: f.assigneeId || undefined,
    label: f.label.trim() || undefined,
    priority: f.priority || undefined,
    dueBefore: f.due === 'overdue' ? plus(-1) : f.due === 'week' ? plus(7) : f.due === 'month' ? plus(31) : undefined,
  };
}

export function toColumns(view: BoardView): ColumnState[] {
  return view.columns.map(({ tickets, nextCursor, ...column }) => ({ ...column, tickets, nextCursor, loading: false }));
}

/** A ticket as its card: the fields of the one card shape (src/shared/ticket-card.ts), nothing else. */
export function summaryOf(ticket: Ticket | TicketSummary): TicketSummary {
  return Object.fromEntries(ticketCardFields.map((field) => [field, ticket[field]])) as TicketSummary;
}

/** Board order: position in byte order (the server sorts with COLLATE "C"), ties by id. */
export function compareTickets(a: TicketSummary, b: TicketSummary): number {
  if (a.position !== b.position) return a.position < b.position ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function removeTicket(columns: ColumnState[], ticketId: string): ColumnState[] {
  return columns.map((c) =>
    c.tickets.some((t) => t.id === ticketId) ? { ...c, tickets: c.tickets.filter((t) => t.id !== ticketId) } : c,
  );
}

/**
 * Puts a ticket where the server's order says it belongs — only within the loaded window of its column (a card
 * that sorts after the last loaded one arrives with the next page instead).
 */
export function placeTicket(columns: ColumnState[], ticket: TicketSummary): ColumnState[] {
  const without = removeTicket(columns, ticket.id);
  return without.map((c) => {
    if (c.id !== ticket.columnId) return c;
    const last = c.tickets[c.tickets.length - 1];
    if (c.nextCursor && last && compareTickets(ticket, last) > 0) return c;
    const index = c.tickets.findIndex((t) => compareTickets(ticket, t) < 0);
    const tickets = [...c.tickets];
    tickets.splice(index < 0 ? tickets.length : index, 0, ticket);
    return { ...c, tickets };
  });
}

export function adjustCount(columns: ColumnState[], columnId: string | undefined, delta: number): ColumnState[] {
  if (!columnId || !delta) return columns;
  return columns.map((c) => (c.id === columnId ? { ...c, ticketCount: Math.max(0, c.ticketCount + delta) } : c));
}

export function findTicket(
  columns: ColumnState[],
  ticketId: string,
): { column: ColumnState; index: number; ticket: TicketSummary } | null {
  for (const column of columns) {
    const index = column.tickets.findIndex((t) => t.id === ticketId);
    if (index >= 0) return { column, index, ticket: column.tickets[index]! };
  }
  return null;
}

export type WipState = 'none' | 'under' | 'at' | 'over';
export function wipState(column: Pick<Column, 'ticketCount' | 'wipLimit'>): WipState {
  if (column.wipLimit == null) return 'none';
  return column.ticketCount > column.wipLimit ? 'over' : column.ticketCount === column.wipLimit ? 'at' : 'under';
}

export function isOverdue(dueDate: string | null, today: Date = new Date()): boolean {
  return Boolean(dueDate && dueDate < isoDay(today));
}

/** Overdue (before today), soon (today or within two days), later; null without a due date. */
export function dueState(dueDate: string | null, today: Date = new Date()): 'overdue' | 'soon' | 'later' | null {
  if (!dueDate) return null;
  if (isOverdue(dueDate, today)) return 'overdue';
  return dueDate <= isoDay(new Date(today.getTime() + 2 * 86_400_000)) ? 'soon' : 'later';
}

/** "Dec 9" this year, "Dec 9, 2027" otherwise (the date is a calendar day, read in UTC so it never shifts). */
export function formatDue(dueDate: string, today: Date = new Date()): string {
  const date = new Date(`${dueDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return dueDate;
  const sameYear = date.getUTCFullYear() === today.getUTCFullYear();
  return date.toLocaleDateString('en', {
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
    timeZone: 'UTC',
  });
}
