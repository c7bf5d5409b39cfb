import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { dateIn, dueDateRemindersJob } from '../../src/modules/reminders';
import { getAuthDb } from '../../src/server/db/client';
import { api, as, signUp } from '../support/api';
import { createBoard, createTicket, joinAs, ok, warmUp } from '../support/fixtures';

// The daily due-date reminder through its real handler, against the suite's database.

beforeAll(warmUp, 60_000);

const day = (offset: number, from = new Date()) =>
  new Date(from.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
const run = (today: string) =>
  dueDateRemindersJob.handler(
    { today },
    { jobId: randomUUID(), attempt: 1, signal: new AbortController().signal, log: pino({ level: 'silent' }) },
  ) as Promise<{ notified: number }>;

describe('due-date reminders', () => {
  it('notifies the assignee once about tickets due tomorrow and overdue; not done, archived or unassigned ones', async () => {
    const owner = await signUp('Reminder owner');
    const { user: assignee, caller: assigneeCaller } = await joinAs(owner, 'member', 'Assignee');
    const board = await createBoard(as(owner), { columns: ['Todo', 'Done'] });
    const [todo, done] = board.columns.map((c: { id: string }) => c.id) as [string, string];
    const today = dateIn('UTC');
    const make = (title: string, dueDate: string | null, assigneeId: string | null = assignee.id, columnId = todo) =>
      createTicket(as(owner), columnId, { title, dueDate, assigneeId });
    const tomorrow = await make('Due tomorrow', day(1));
    const overdue = await make('Overdue', day(-3));
    await make('Later', day(5));
    await make('Done already', day(-1), assignee.id, done);
    await make('Unassigned', day(1), null);
    const archived = await make('Archived', day(1));
    ok(await api(as(owner), 'POST', `/tickets/${archived.id}/archive`, { version: archived.version }));

    await run(today);
    const notices = ok(await api(assigneeCaller, 'GET', '/notifications')).body;
    const mine = notices.data.filter((n: { kind: string }) => ['due_soon', 'overdue'].includes(n.kind));
    expect(mine.map((n: { kind: string; title: string }) => [n.kind, n.title]).sort()).toEqual(
      [
        ['due_soon', '“Due tomorrow” is due tomorrow'],
        ['overdue', `“Overdue” is overdue (due ${day(-3)})`],
      ].sort(),
    );
    expect(mine.find((n: { kind: string }) => n.kind === 'overdue').link).toMatch(new RegExp(`/t/${overdue.id}$`));
    expect(mine.find((n: { kind: string }) => n.kind === 'due_soon').link).toMatch(new RegExp(`/t/${tomorrow.id}$`));
    // The owner (not the assignee) got none of them.
    const ownerNotices = ok(await api(as(owner), 'GET', '/notifications')).body.data;
    expect(ownerNotices.filter((n: { kind: string }) => n.kind === 'overdue')).toEqual([]);

    // A second run (same day, or a retried job) notifies nobody again.
    await run(today);
    const again = ok(await api(assigneeCaller, 'GET', '/notifications')).body;
    expect(again.data.length).toBe(notices.data.length);
    expect(again.unread).toBe(notices.unread);

    // The same notices went out by mail (queued in the same transaction; the outbox is the auth library's table).
    const mails = (await (
      await getAuthDb()
    ).execute(
      sql`select subject from mail_outbox where to_address = ${assignee.email} order by created_at`,
    )) as unknown as { rows: { subject: string }[] };
    expect(mails.rows.map((r) => r.subject).filter((s) => /due|overdue/.test(s))).toHaveLength(2);

    // Reading them: one, then all.
    const first = mine[0].id as string;
    expect(ok(await api(assigneeCaller, 'POST', '/notifications/read', { ids: [first] })).body.marked).toBe(1);
    const rest = ok(await api(assigneeCaller, 'POST', '/notifications/read', {})).body;
    expect(rest.unread).toBe(0);
    const unread = ok(await api(assigneeCaller, 'GET', '/notifications?unread=true')).body;
    expect(unread.data).toEqual([]);
  });

  it('notifications belong to people: an API token gets 403', async () => {
    const owner = await signUp('Token owner');
    const token = ok(await api(as(owner), 'POST', '/tokens', { name: 't', role: 'viewer' }), 201).body.token;
    const response = await api({ token, workspace: owner.workspaceId }, 'GET', '/notifications');
    expect(response.status).toBe(403);
  });
});
