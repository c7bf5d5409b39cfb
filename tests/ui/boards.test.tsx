import { describe, expect, it } from 'vitest';
import { BoardsPage } from '@/ui/boards-page';
import { navigations } from '../support/next-navigation';
import { api, as, renderPage, screen, signedIn, waitFor } from './render';

describe('boards page', () => {
  it('lists boards with their description as text, creates one, and shows archived boards on request', async () => {
    const ada = await signedIn();
    const created = await api(as(ada), 'POST', '/boards', { name: 'Roadmap', description: 'What **we** ship' });
    await api(as(ada), 'POST', '/boards', { name: 'Old' }).then((r) =>
      api(as(ada), 'PATCH', `/boards/${r.body.id}`, { archived: true }),
    );
    const { user } = await renderPage(ada, `/w/${ada.slug}`, <BoardsPage />);
    expect(await screen.findByRole('link', { name: 'Roadmap' })).toHaveProperty(
      'href',
      expect.stringContaining(created.body.id),
    );
    expect(screen.getByText('What we ship')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Old' })).toBeNull();
    await user.click(screen.getByLabelText('Show archived boards'));
    expect(await screen.findByRole('link', { name: 'Old' })).toBeTruthy();
    expect(screen.getByText('Archived')).toBeTruthy();

    await user.type(screen.getByLabelText('Name'), 'Launch');
    await user.type(screen.getByLabelText(/Columns/), 'Now, Next');
    await user.click(screen.getByRole('button', { name: 'Create board' }));
    await waitFor(() => expect(navigations.at(-1)).toMatch(new RegExp(`/w/${ada.slug}/b/[0-9a-f-]{36}$`)));
  });
});
