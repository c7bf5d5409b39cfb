import { describe, expect, it } from 'vitest';
import { fireEvent, within } from '@testing-library/react';
import { BoardScreen } from '@/ui/board/board-view';
import { api, as, renderPage, screen, signedIn, waitFor } from './render';

async function boardWithTickets() {
  const ada = await signedIn();
  const board = (
    await api(as(ada), 'POST', '/boards', { name: 'Launch', columns: ['To do', 'Doing'], description: 'Ship **it**' })
  ).body;
  const todo = board.columns[0].id as string;
  const doing = board.columns[1].id as string;
  await api(as(ada), 'PATCH', `/columns/${doing}`, { wipLimit: 1 });
  const me = (await api(as(ada), 'GET', '/me')).body;
  const first = (
    await api(as(ada), 'POST', '/tickets', {
      columnId: todo,
      title: 'Write the post',
      priority: 'high',
      labels: ['marketing', 'web'],
      assigneeId: me.user.id,
      dueDate: '2020-01-01',
    })
  ).body;
  await api(as(ada), 'POST', '/tickets', { columnId: todo, title: 'Second thing' });
  for (const body of ['First thoughts', 'Second thoughts'])
    await api(as(ada), 'POST', `/tickets/${first.id}/comments`, { body });
  return { ada, board, todo, doing, first };
}

const columnNamed = (name: string) =>
  screen.getAllByTestId('column').find((c) => within(c).queryByRole('heading', { name }))!;

describe('board screen', () => {
  it('shows columns, cards with labels, priority, due and assignee, WIP state and the Markdown description', async () => {
    const { ada, board } = await boardWithTickets();
    await renderPage(
      ada,
      `/w/${ada.slug}/b/${board.id}`,
      <BoardScreen boardId={board.id} flags={{ swimlanes: false }} />,
    );
    expect(await screen.findByRole('heading', { name: 'Launch', level: 1 })).toBeTruthy();
    const todo = columnNamed('To do');
    expect(within(todo).getByTestId('column-count').textContent).toBe('2');
    expect(within(columnNamed('Doing')).getByTestId('column-count').textContent).toBe('0 / 1');
    const card = within(todo).getAllByTestId('ticket-card')[0]!;
    expect(within(card).getByText('marketing')).toBeTruthy();
    expect(within(card).getByText('Priority: high')).toBeTruthy();
    expect(within(card).getByText(/Overdue, was due/)).toBeTruthy();
    expect(within(card).getByRole('img', { name: 'Assigned to Ada Lovelace' })).toBeTruthy();
    expect(within(card).getByTitle('2 comments').textContent).toBe('Comments: 2');
    expect(within(todo).getAllByTestId('ticket-card')[1]!.querySelector('.card-comments')).toBeNull();
    // The description's Markdown renderer arrives on demand when the server did not render it (board-view.tsx).
    await waitFor(() => expect(document.querySelector('.board-description strong')?.textContent).toBe('it'));
    expect(screen.getByRole('navigation', { name: 'Columns' })).toBeTruthy();
  });

  it('adds tickets at the bottom and at the top, edits one in place, and opens a ticket in a dialog with its own URL', async () => {
    const { ada, board } = await boardWithTickets();
    const { user } = await renderPage(
      ada,
      `/w/${ada.slug}/b/${board.id}`,
      <BoardScreen boardId={board.id} flags={{ swimlanes: false }} />,
    );
    await screen.findByRole('heading', { name: 'Launch', level: 1 });
    const todo = columnNamed('To do');
    await user.click(within(todo).getByRole('button', { name: 'Add ticket to To do' }));
    await user.type(within(todo).getByLabelText('Title of the new ticket in To do'), 'At the end{Enter}');
    await screen.findByText('Added “At the end” to the bottom of To do.');
    await user.click(within(todo).getByRole('button', { name: 'Add ticket to the top of To do' }));
    await user.type(within(todo).getByLabelText('Title of the new ticket at the top of To do'), 'On top{Enter}');
    await screen.findByText('Added “On top” to the top of To do.');
    const titles = () => [...todo.querySelectorAll('.card-title')].map((t) => t.textContent);
    await waitFor(() => expect(titles()).toEqual(['On top', 'Write the post', 'Second thing', 'At the end']));
    expect(within(todo).getByTestId('column-count').textContent).toBe('4');

    await user.click(within(todo).getByRole('button', { name: 'Quick edit Second thing' }));
    const quick = await screen.findByRole('dialog', { name: 'Quick edit' });
    const title = within(quick).getByLabelText('Title');
    await user.clear(title);
    await user.type(title, 'Second, renamed');
    await user.click(within(quick).getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved “Second, renamed”.');
    expect(titles()).toContain('Second, renamed');

    await user.click(within(todo).getByRole('link', { name: 'Write the post' }));
    const dialog = await screen.findByRole('dialog', { name: /Write the post/ });
    expect(new URLSearchParams(location.search).get('ticket')).toMatch(/^[0-9a-f-]{36}$/);
    await within(dialog).findByText(/created the ticket in To do/);
    await user.click(within(dialog).getByRole('button', { name: 'Close ticket' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('filters by search and by the popover, with counts and the filters in the URL', async () => {
    const { ada, board } = await boardWithTickets();
    const { user } = await renderPage(
      ada,
      `/w/${ada.slug}/b/${board.id}`,
      <BoardScreen boardId={board.id} flags={{ swimlanes: true }} />,
    );
    await screen.findByRole('heading', { name: 'Launch', level: 1 });
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'post');
    await waitFor(() => expect(new URLSearchParams(location.search).get('q')).toBe('post'));
    // Swimlanes are on (by assignee): the column heads are above the lanes, in board order.
    const matches = () => screen.getAllByTestId('column-matches').map((m) => m.textContent);
    await waitFor(() => expect(matches()).toEqual(['1 match', '0 matches']));
    expect(screen.getByRole('heading', { name: 'Ada Lovelace', level: 2 })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Filters' }));
    const panel = await screen.findByRole('dialog');
    await user.selectOptions(within(panel).getByLabelText('Priority'), 'high');
    await user.selectOptions(within(panel).getByLabelText('Due'), 'overdue');
    await waitFor(() => expect(new URLSearchParams(location.search).get('due')).toBe('overdue'));
    expect(screen.getByRole('button', { name: 'Filters, 2 active' })).toBeTruthy();
    await user.selectOptions(within(panel).getByLabelText('Swimlanes'), 'priority');
    await screen.findByTestId('swimlanes');
    await user.keyboard('{Escape}');
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(location.search).toBe(''));
  });

  it('manages columns and the board: WIP limit, rename, archive and restore, keyboard help', async () => {
    const { ada, board } = await boardWithTickets();
    const { user } = await renderPage(
      ada,
      `/w/${ada.slug}/b/${board.id}`,
      <BoardScreen boardId={board.id} flags={{ swimlanes: false }} />,
    );
    await screen.findByRole('heading', { name: 'Launch', level: 1 });
    await user.click(screen.getByRole('button', { name: 'Column settings for Doing' }));
    const columnDialog = await screen.findByRole('dialog', { name: 'Column: Doing' });
    const wip = within(columnDialog).getByLabelText(/WIP limit/);
    await user.clear(wip);
    await user.type(wip, '3');
    await user.click(within(columnDialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(within(columnNamed('Doing')).getByTestId('column-count').textContent).toBe('0 / 3'));

    await user.type(screen.getByLabelText('New column'), 'Done');
    await user.click(screen.getByRole('button', { name: 'Add column' }));
    await waitFor(() => expect(screen.getAllByTestId('column')).toHaveLength(3));

    await user.click(screen.getByRole('button', { name: 'Board settings' }));
    const settings = await screen.findByRole('dialog', { name: /Board settings/ });
    await user.click(within(settings).getByRole('button', { name: 'Archive board' }));
    await screen.findByText(/This board is archived/);
    await user.keyboard('{Escape}');
    await user.click(screen.getByRole('button', { name: 'Restore board' }));
    await waitFor(() => expect(screen.queryByText(/This board is archived/)).toBeNull());

    fireEvent.keyDown(document.body, { key: '?' });
    expect(await screen.findByRole('dialog', { name: 'Keyboard shortcuts' })).toBeTruthy();
    await user.keyboard('{Escape}');
    fireEvent.keyDown(document.body, { key: 'n' });
    expect(await screen.findByLabelText(/Title of the new ticket in/)).toBeTruthy();
  });

  it('an unknown board says so', async () => {
    const ada = await signedIn();
    await renderPage(
      ada,
      `/w/${ada.slug}/b/x`,
      <BoardScreen boardId="00000000-0000-4000-8000-000000000000" flags={{ swimlanes: false }} />,
    );
    expect(await screen.findByText('This board does not exist, or you cannot see it.')).toBeTruthy();
  });
});
