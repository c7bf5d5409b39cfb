import 'server-only';
import { z } from 'zod';
import { getDb } from '@/server/db/client';
import { withTenant } from '@/server/db/tenant';
import { env } from '@/server/env';
import { defineJob } from '@/server/jobs';
import { notifyMembers } from '@/modules/notifications';
import { findDueTickets, ticketTitles, type DueTicket } from './repository';

const LIMIT = 50_000;

/** Today's date (YYYY-MM-DD) in the time zone the schedules run in. */
export function dateIn(timeZone: string, at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

function reminderFor(ticket: DueTicket, title: string, today: string) {
  const overdue = ticket.dueDate < today;
  const when = ticket.dueDate === today ? 'today' : overdue ? `since ${ticket.dueDate}` : 'tomorrow';
  return {
    kind: overdue ? 'overdue' : 'due_soon',
    title: overdue ? `“${title}” is overdue (due ${ticket.dueDate})` : `“${title}” is due ${when}`,
    body: overdue
      ? `The ticket assigned to you was due on ${ticket.dueDate} and is not done yet.`
      : `The ticket assigned to you is due on ${ticket.dueDate}.`,
    link: `t/${ticket.ticketId}`,
    // One reminder of each kind per ticket and due date, however often the job runs; a new due date reminds again.
    dedupeKey: `${overdue ? 'overdue' : 'due-soon'}:${ticket.ticketId}:${ticket.dueDate}`,
  };
}

/**
 * Daily: tells each assignee about their open tickets due today or tomorrow, and once about each one that went
 * overdue — in the app, and by mail when the server can send mail.
 */
export const dueDateRemindersJob = defineJob({
  name: 'reminders.due-dates',
  description: 'Notifies assignees of open tickets due tomorrow (or today) and of overdue ones, in-app and by mail',
  data: z.object({ today: z.iso.date().optional() }),
  schedule: '0 7 * * *',
  retry: { limit: 3, delaySeconds: 120, maxDelaySeconds: 1800 },
  timeoutSeconds: 1800,
  handler: async ({ today: given }, ctx) => {
    const today = given ?? dateIn(env().JOBS_TIMEZONE);
    const due = await findDueTickets(await getDb(), today, LIMIT);
    const byTenant = Map.groupBy(due, (ticket) => ticket.tenantId);
    let notified = 0;
    for (const [tenantId, tickets] of byTenant) {
      if (ctx.signal.aborted) break;
      // One transaction per workspace: a run repeated after a crash re-notifies nobody (dedupe keys).
      notified += await withTenant(tenantId, async (tx) => {
        const titles = await ticketTitles(
          tx,
          tickets.map((t) => t.ticketId),
        );
        let count = 0;
        for (const ticket of tickets) {
          const title = titles.get(ticket.ticketId);
          if (!title) continue;
          const sent = await notifyMembers(tx, tenantId, [ticket.assigneeId], reminderFor(ticket, title, today), {
            mail: true,
          });
          count += sent.length;
        }
        return count;
      });
    }
    ctx.log.info({ today, due: due.length, notified, workspaces: byTenant.size }, 'due-date reminders sent');
    return { today, due: due.length, notified };
  },
});
