import { afterEach, describe, expect, it } from 'vitest';
import { act, within } from '@testing-library/react';
import { BoardScreen } from '@/ui/board/board-view';
import { WorkspaceSettingsPage } from '@/ui/settings/workspace';
import { signInAs } from '../support/ui-fetch';
import { joinAs } from '../support/fixtures';
import { api, as, renderPage, screen, signedIn, waitFor } from './render';

/** The browser's EventSource, played by the test: it sends what the real stream sends (tests/integration/labels.test.ts). */
class TestEventSource {
  static last: TestEventSource | null = null;
  static CLOSED = 2;
  readyState = 1;
  onerror: (() => void) | null = null;
  listeners = new Map<string, ((event: { data?: string }) => void)[]>();
  constructor(readonly url: string) {
    TestEventSource.last = this;
  }
  addEventListener(type: string, listener: (event: { data?: string }) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string, data: unknown) {
    for (const l of this.listeners.get(type) ?? []) l({ data: JSON.stringify(data) });
  }
  close() {}
}

const chipsNamed = (name: string, within: ParentNode = document) =>
  [...within.querySelectorAll<HTMLElement>('.label-chip')].filter((chip) => chip.textContent === name);

describe('workspace label colours', () => {
  afterEach(() => {
    delete (globalThis as Record<string, unknown>).EventSource;
  });

  it('an admin picks a colour from the palette with the keyboard and saves it; resets it; adds a colour for a new label', async () => {
    const ada = await signedIn();
    const board = (await api(as(ada), 'POST', '/boards', { name: 'Painted' })).body;
    await api(as(ada), 'POST', '/tickets', { columnId: board.columns[0].id, title: 'One', labels: ['bug', 'web'] });
    const { user } = await renderPage(ada, `/w/${ada.slug}/settings`, <WorkspaceSettingsPage />);

    const section = await screen.findByRole('region', { name: 'Label colours' });
    const group = await within(section).findByRole('group', { name: 'Colour of bug 1 ticket' });
    const byDefault = within(group).getByRole('radio', { name: 'Default (from the name)' }) as HTMLInputElement;
    expect(byDefault.checked).toBe(true);
    const save = within(section).getByRole('button', { name: 'Save colour of bug' });
    expect((save as HTMLButtonElement).disabled).toBe(true);

    // Keyboard only: the group takes focus at its checked radio, the arrow keys pick, Tab reaches Save.
    byDefault.focus();
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect((within(group).getByRole('radio', { name: 'Orange' }) as HTMLInputElement).checked).toBe(true);
    await user.tab();
    expect(document.activeElement).toBe(save);
    await user.keyboard('{Enter}');
    expect((await within(section).findByRole('status')).textContent).toBe('“bug” is orange now.');
    const listed = async () => (await api(as(ada), 'GET', '/labels')).body.data;
    expect(await listed()).toEqual([
      { name: 'bug', colour: 'orange', tickets: 1 },
      { name: 'web', colour: null, tickets: 1 },
    ]);
    // Every chip of the page shows it (the legend's preview here), and Save has nothing left to save.
    await waitFor(() => expect(chipsNamed('bug', section)[0]!.dataset.colour).toBe('orange'));
    expect(chipsNamed('bug', section)[0]!.dataset.hue).toBe('25');
    expect((save as HTMLButtonElement).disabled).toBe(true);

    await user.click(within(group).getByRole('radio', { name: 'Default (from the name)' }));
    await user.click(save);
    await within(section).findByText('“bug” has its default colour again.');
    await waitFor(() => expect(chipsNamed('bug', section)[0]!.dataset.colour).toBeUndefined());

    await user.type(within(section).getByLabelText('Another label'), 'release');
    await user.selectOptions(within(section).getByLabelText('Colour'), 'green');
    await user.click(within(section).getByRole('button', { name: 'Set colour' }));
    await within(section).findByRole('group', { name: 'Colour of release 0 tickets' });
    expect((await listed()).find((l: { name: string }) => l.name === 'release')).toEqual({
      name: 'release',
      colour: 'green',
      tickets: 0,
    });
    const trail = (await api(as(ada), 'GET', '/audit-log?resourceType=label')).body.data;
    expect(trail.map((e: { action: string }) => e.action)).toEqual(['CREATE', 'DELETE', 'CREATE']);
  });

  it('a member does not get the colour picker (setting colours is for admins and owners; the API refuses it too)', async () => {
    const ada = await signedIn();
    const { user: member } = await joinAs(ada, 'member', 'Mo');
    signInAs(member);
    await renderPage(ada, `/w/${ada.slug}/settings`, <WorkspaceSettingsPage />);
    expect(await screen.findByText('Only admins and owners can change the workspace settings.')).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Label colours' })).toBeNull();
  });

  it('the board shows the workspace colour on cards, in the ticket dialog and in the label filter; a change elsewhere arrives live', async () => {
    (globalThis as Record<string, unknown>).EventSource = TestEventSource;
    const ada = await signedIn();
    const board = (await api(as(ada), 'POST', '/boards', { name: 'Coloured' })).body;
    await api(as(ada), 'POST', '/tickets', {
      columnId: board.columns[0].id,
      title: 'Paint me',
      labels: ['Bug', 'web'],
    });
    await api(as(ada), 'PUT', '/labels', { name: 'bug', colour: 'violet' });
    const { user } = await renderPage(
      ada,
      `/w/${ada.slug}/b/${board.id}`,
      <BoardScreen boardId={board.id} flags={{ swimlanes: false }} />,
    );
    const card = await screen.findByTestId('ticket-card');
    // "Bug" on the ticket, "bug" in the settings: one label.
    await waitFor(() => expect(chipsNamed('Bug', card)[0]!.dataset.colour).toBe('violet'));
    expect(chipsNamed('Bug', card)[0]!.dataset.hue).toBe('265');
    expect(chipsNamed('web', card)[0]!.dataset.colour).toBeUndefined();

    // The label filter shows the label as its cards do.
    await user.click(screen.getByRole('button', { name: 'Filters' }));
    await user.type(await screen.findByLabelText('Label'), 'bug');
    expect(
      (await screen.findByTestId('label-filter-chip')).querySelector('.label-chip')!.getAttribute('data-colour'),
    ).toBe('violet');
    await user.keyboard('{Escape}');

    // Another admin changes it: the stream's labels.changed makes every chip read the colours again.
    const source = TestEventSource.last!;
    act(() => source.emit('ready', { boardId: board.id }));
    await api(as(ada), 'PUT', '/labels', { name: 'bug', colour: 'teal' });
    act(() => source.emit('board', { boardId: '*', kind: 'labels.changed' }));
    await waitFor(() => expect(chipsNamed('Bug', card)[0]!.dataset.colour).toBe('teal'));

    // The ticket dialog's labels too.
    await user.click(within(card).getByRole('link', { name: /Paint me/ }));
    const dialog = await screen.findByRole('dialog');
    await waitFor(() => expect(chipsNamed('Bug', dialog)[0]?.dataset.colour).toBe('teal'));
  });
});
