import { describe, expect, it } from 'vitest';
import { within } from '@testing-library/react';
import { TicketPage } from '@/ui/ticket-page';
import { api, as, renderPage, screen, signedIn, waitFor } from './render';

describe('ticket page and detail', () => {
  it('edits every field in place, previews Markdown, comments, and tells the history in words', async () => {
    const ada = await signedIn();
    const board = (await api(as(ada), 'POST', '/boards', { name: 'Launch', columns: ['To do', 'Doing'] })).body;
    const ticket = (await api(as(ada), 'POST', '/tickets', { columnId: board.columns[0].id, title: 'Write the post' }))
      .body;
    const { user } = await renderPage(
      ada,
      `/w/${ada.slug}/t/${ticket.id}`,
      <TicketPage ticketId={ticket.id} flags={{ comments: true }} />,
    );
    expect(await screen.findByRole('heading', { name: /Write the post/, level: 1 })).toBeTruthy();
    await screen.findByText(/created the ticket in To do/);

    await user.click(screen.getByRole('button', { name: 'Edit title' }));
    const title = screen.getByLabelText('Title');
    await user.clear(title);
    await user.type(title, 'Write the launch post{Enter}');
    await waitFor(() => expect(screen.queryByLabelText('Title')).toBeNull());
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Write the launch post');

    await user.click(screen.getByRole('button', { name: /Edit$/ }));
    await user.click(screen.getByRole('textbox', { name: /Description/ }));
    await user.paste('## Plan\n\n- [x] draft\n- [ ] review');
    await user.click(screen.getByRole('tab', { name: 'Preview' }));
    expect(within(screen.getByTestId('markdown-preview')).getByRole('heading', { name: 'Plan' })).toBeTruthy();
    await user.click(screen.getByRole('tab', { name: 'Write' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(document.querySelectorAll('.markdown .task-list-item')).toHaveLength(2));

    await user.selectOptions(screen.getByLabelText('Priority'), 'urgent');
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Assignee' }), ada.id);
    // Two saves one after the other (the second with the version the first produced): slow on a busy machine.
    await waitFor(
      async () => expect((await api(as(ada), 'GET', `/tickets/${ticket.id}`)).body.assigneeId).toBe(ada.id),
      { timeout: 60_000 },
    );
    expect(screen.queryByRole('alert')).toBeNull();
    const labels = screen.getByLabelText('Labels');
    await user.type(labels, 'bug, web{Enter}');
    await screen.findByText('web');
    await user.selectOptions(screen.getByLabelText('Column'), board.columns[1].id);
    await screen.findByText(/moved it from To do to Doing/);
    await screen.findByText(/changed priority/);

    await user.type(screen.getByLabelText(/Add a comment/), 'Looks *good*');
    await user.click(screen.getByRole('button', { name: 'Comment' }));
    await waitFor(() => expect(document.querySelector('.comments em')?.textContent).toBe('good'));
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await screen.findByText('No comments yet.');

    await user.click(screen.getByRole('button', { name: 'Archive' }));
    await screen.findByText('Archived');
    await user.click(screen.getByRole('button', { name: 'Restore' }));
    await waitFor(() => expect(screen.queryByText('Archived')).toBeNull());
    const saved = (await api(as(ada), 'GET', `/tickets/${ticket.id}`)).body;
    expect(saved).toMatchObject({
      title: 'Write the launch post',
      priority: 'urgent',
      labels: ['bug', 'web'],
      assigneeId: ada.id,
    });
    expect(saved.description).toContain('- [x] draft');
  });

  it('a concurrent edit is caught and the latest version shown', async () => {
    const ada = await signedIn();
    const board = (await api(as(ada), 'POST', '/boards', { name: 'B' })).body;
    const ticket = (await api(as(ada), 'POST', '/tickets', { columnId: board.columns[0].id, title: 'Mine' })).body;
    const { user } = await renderPage(
      ada,
      `/w/${ada.slug}/t/${ticket.id}`,
      <TicketPage ticketId={ticket.id} flags={{ comments: false }} />,
    );
    await screen.findByRole('heading', { name: /Mine/, level: 1 });
    await api(as(ada), 'PATCH', `/tickets/${ticket.id}`, { version: 1, title: 'Theirs' });
    await user.selectOptions(screen.getByLabelText('Priority'), 'low');
    await screen.findByText(/Someone else changed this ticket meanwhile/);
    await screen.findByRole('heading', { name: /Theirs/, level: 1 });
    // The refused choice is not left on screen: the select shows what the server holds.
    const saved = (await api(as(ada), 'GET', `/tickets/${ticket.id}`)).body;
    await waitFor(() => expect((screen.getByLabelText('Priority') as HTMLSelectElement).value).toBe(saved.priority));
    expect(saved.priority).not.toBe('low');
  });

  it('a save that settles leaves the other fields, and the focus, where the user has them', async () => {
    const ada = await signedIn();
    const board = (await api(as(ada), 'POST', '/boards', { name: 'B' })).body;
    const ticket = (await api(as(ada), 'POST', '/tickets', { columnId: board.columns[0].id, title: 'Mine' })).body;
    const { user } = await renderPage(
      ada,
      `/w/${ada.slug}/t/${ticket.id}`,
      <TicketPage ticketId={ticket.id} flags={{ comments: false }} />,
    );
    await screen.findByRole('heading', { name: /Mine/, level: 1 });
    // The user has the assignee select in hand (found before the priority save settles, as a person's pointer is).
    const assignee = await screen.findByRole('combobox', { name: 'Assignee' });
    await waitFor(() => expect(assignee.querySelector(`option[value="${ada.id}"]`)).not.toBeNull());
    const priority = screen.getByLabelText('Priority');
    await user.selectOptions(priority, 'urgent');
    await waitFor(async () =>
      expect((await api(as(ada), 'GET', `/tickets/${ticket.id}`)).body.priority).toBe('urgent'),
    );
    await screen.findByText(/changed priority/);
    expect(priority.isConnected).toBe(true);
    expect(document.activeElement).toBe(priority);
    await user.selectOptions(assignee, ada.id);
    await waitFor(async () =>
      expect((await api(as(ada), 'GET', `/tickets/${ticket.id}`)).body.assigneeId).toBe(ada.id),
    );
    expect((screen.getByLabelText('Assignee') as HTMLSelectElement).value).toBe(ada.id);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('an unknown ticket says so', async () => {
    const ada = await signedIn();
    const id = '00000000-0000-4000-8000-000000000000';
    await renderPage(ada, `/w/${ada.slug}/t/${id}`, <TicketPage ticketId={id} flags={{ comments: true }} />);
    expect(await screen.findByText('This ticket does not exist, or you cannot see it.')).toBeTruthy();
  });
});
