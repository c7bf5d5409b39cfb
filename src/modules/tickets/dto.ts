import { ticketCardFields, type TicketCardField } from '@/shared/ticket-card';
import type { CountedTicketRow, TicketCardRow } from './repository';
import type { TicketSummary } from './schemas';

/** A row as a card: the fields of src/shared/ticket-card.ts, in that order, dates as ISO strings. */
export function toTicketSummaryDto(row: TicketCardRow): TicketSummary {
  const value = (field: TicketCardField) => {
    const raw = row[field];
    return raw instanceof Date ? raw.toISOString() : raw;
  };
  return Object.fromEntries(ticketCardFields.map((field) => [field, value(field)])) as TicketSummary;
}

export function toTicketDto(row: CountedTicketRow) {
  return {
    ...toTicketSummaryDto(row),
    description: row.description,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}
