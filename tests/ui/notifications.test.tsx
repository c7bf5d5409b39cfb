import { describe, expect, it } from 'vitest';
import { within } from '@testing-library/react';
import { dateIn, dueDateRemindersJob } from '@/modules/reminders';
import { BoardsPage } from '@/ui/boards-page';
import { NotificationsPage } from '@/ui/notifications-page';
import { env } from '../../src/server/env';
import { runJobNow, runQueuedJobs } from '../../src/server/jobs';
import { createBoard, createTicket, joinAs } from '../support/fixtures';
import { signInAs } from '../support/ui-fetch';
import { api, as, renderPage, screen, signedIn, waitFor } from './render';

// The notifications page and the unread count beside "Notifications" in the navigation, rendered in the app shell
// against the real API on PGlite. The notices are made by the real due-date reminder job (run here with
// runQueuedJobs): another member assigns tickets with due dates, the daily job tells the assignee.

const day = (offset: number) => {
  const today = new Date(`${dateIn(env().JOBS_TIMEZONE)}T00:00:00Z`);
  return new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
};

async function remindersRun() {
  await runJobNow(dueDateRemindersJob.name);
  expect((await runQueuedJobs(dueDateRemindersJob)).completed).toBeGreaterThanOrEqual(1);
}

const unreadBadge = () =>
  within(screen.getByRole('navigation', { name: 'Workspace' })).getByRole('link', { name: /^Notifications/ });

describe('notifications', () => {
  it('the assignee of tickets due soon or overdue sees their count beside "Notifications" on every page', async () => {
    const ada = await signedIn('Ada Assigner');
    const { user: bob } = await joinAs(ada, 'member', 'Bob Assignee');
    const board = await createBoard(as(ada), { columns: ['Todo', 'Done'] });
    const columnId = board.columns[0]!.id;
    await createTicket(as(ada), columnId, { title: 'Ship it', assigneeId: bob.id, dueDate: day(1) });
    await createTicket(as(ada), columnId, { title: 'Late report', assigneeId: bob.id, dueDate: day(-2) });
    await createTicket(as(ada), columnId, { title: 'Not his', assigneeId: ada.id, dueDate: day(1) });
    await createTicket(as(ada), columnId, { title: 'Far off', assigneeId: bob.id, dueDate: day(9) });
    await remindersRun();

    signInAs(bob);
    await renderPage({ slug: ada.slug }, `/w/${ada.slug}`, <BoardsPage />);
    // The count on every page of the workspace, said in words to screen readers.
    await waitFor(() => expect(unreadBadge().textContent).toBe('Notifications2 unread'));
    expect(within(unreadBadge()).getByTestId('unread-count').textContent).toBe('2 unread');
  }, 120_000);

  it('lists the assignee’s notices with links, marks one read, opening another reads it, the count follows', async () => {
    const ada = await signedIn('Ada Assigner Two');
    const { user: bob } = await joinAs(ada, 'member', 'Bob Reader');
    const board = await createBoard(as(ada), { columns: ['Todo', 'Done'] });
    const columnId = board.columns[0]!.id;
    const soon = await createTicket(as(ada), columnId, { title: 'Ship it', assigneeId: bob.id, dueDate: day(1) });
    await createTicket(as(ada), columnId, { title: 'Late report', assigneeId: bob.id, dueDate: day(-2) });
    await remindersRun();
    await remindersRun(); // run twice (a retried or repeated run): no second notice

    signInAs(bob);
    const { user } = await renderPage({ slug: ada.slug }, `/w/${ada.slug}/notifications`, <NotificationsPage />);
    const dueSoon = (await screen.findByText('“Ship it” is due tomorrow')).closest('li')!;
    const overdue = screen.getByText(`“Late report” is overdue (due ${day(-2)})`).closest('li')!;
    expect(within(dueSoon.closest('ul')!).getAllByRole('listitem')).toHaveLength(2);
    expect(within(dueSoon).getByText(`The ticket assigned to you is due on ${day(1)}.`)).toBeTruthy();
    expect(within(dueSoon).getByText('Unread:')).toBeTruthy();
    expect(within(dueSoon).getByRole('link', { name: 'Open' }).getAttribute('href')).toBe(
      `/w/${ada.slug}/t/${soon.id}`,
    );
    expect(screen.getByRole('button', { name: 'Mark all 2 read' })).toBeTruthy();
    await waitFor(() => expect(unreadBadge().textContent).toBe('Notifications2 unread'));

    // One read: its button goes, the count says 1, here and in the navigation.
    await user.click(within(overdue).getByRole('button', { name: 'Mark read' }));
    await screen.findByRole('button', { name: 'Mark all 1 read' });
    expect(within(overdue).queryByRole('button', { name: 'Mark read' })).toBeNull();
    expect(within(overdue).queryByText('Unread:')).toBeNull();
    expect(unreadBadge().textContent).toBe('Notifications1 unread');

    // Opening a notice reads it.
    await user.click(within(dueSoon).getByRole('link', { name: 'Open' }));
    expect(location.pathname).toBe(`/w/${ada.slug}/t/${soon.id}`);
    await waitFor(() => expect(screen.queryByRole('button', { name: /^Mark all/ })).toBeNull());
    expect(within(unreadBadge()).queryByTestId('unread-count')).toBeNull();
    expect((await api(as(bob, ada.workspaceId), 'GET', '/notifications')).body).toMatchObject({ unread: 0 });

    // The owner was told nothing: the notices are the assignee's own.
    expect((await api(as(ada), 'GET', '/notifications')).body.data).toEqual([]);
  }, 120_000);

  it('"Mark all read" clears every unread notice; an empty list says so', async () => {
    const ada = await signedIn('Ada Many');
    const board = await createBoard(as(ada), { columns: ['Todo', 'Done'] });
    for (const title of ['One', 'Two', 'Three'])
      await createTicket(as(ada), board.columns[0]!.id, { title, assigneeId: ada.id, dueDate: day(0) });
    const first = await renderPage(ada, `/w/${ada.slug}/notifications`, <NotificationsPage />);
    await screen.findByText('Nothing to report');
    expect(within(unreadBadge()).queryByTestId('unread-count')).toBeNull();
    first.unmount();
    await remindersRun();
    // Another visit of the page (the job ran meanwhile) shows them.
    const { user } = await renderPage(ada, `/w/${ada.slug}/notifications`, <NotificationsPage />);
    await screen.findByText('“Three” is due today');
    await waitFor(() => expect(unreadBadge().textContent).toBe('Notifications3 unread'));
    expect(screen.getAllByRole('button', { name: 'Mark read' })).toHaveLength(3);
    await user.click(screen.getByRole('button', { name: 'Mark all 3 read' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: /^Mark all/ })).toBeNull());
    expect(screen.queryAllByRole('button', { name: 'Mark read' })).toHaveLength(0);
    expect(within(unreadBadge()).queryByTestId('unread-count')).toBeNull();
    expect((await api(as(ada), 'GET', '/notifications')).body).toMatchObject({ unread: 0 });
  }, 120_000);
});
