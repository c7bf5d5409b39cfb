import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';

// tests/support/ui-setup.ts downloads the overlays before every test; these tests take fresh copies of the modules,
// so the overlays' code is not there yet, as on a page just loaded.
beforeEach(() => {
  vi.resetModules();
});

describe('overlays downloaded on first use', () => {
  it('a menu shows its trigger before its code arrives and opens when it does', async () => {
    const { Menu, MenuItem, menuPart } = await import('@/ui/components/menu');
    const load = vi.spyOn(menuPart, 'load');
    render(
      <Menu label="Account" trigger={<button type="button">Account</button>}>
        <MenuItem>Sign out</MenuItem>
      </Menu>,
    );
    const trigger = screen.getByRole('button', { name: 'Account' });
    expect(trigger.getAttribute('aria-haspopup')).toBe('menu');
    expect(trigger.getAttribute('aria-expanded')).toBe('false');
    expect(load).not.toHaveBeenCalled();
    fireEvent.focus(trigger);
    expect(load).toHaveBeenCalledTimes(1);
    fireEvent.click(trigger);
    expect(await screen.findByRole('menuitem', { name: 'Sign out' })).toBeTruthy();
  });

  it('a dialog opened before its code arrives appears when it does', async () => {
    const { Dialog } = await import('@/ui/components/dialog');
    const { rerender } = render(
      <Dialog open={false} onClose={() => undefined} title="New workspace">
        <p>Name it</p>
      </Dialog>,
    );
    expect(screen.queryByRole('dialog')).toBeNull();
    rerender(
      <Dialog open onClose={() => undefined} title="New workspace">
        <p>Name it</p>
      </Dialog>,
    );
    expect(await screen.findByRole('dialog', { name: 'New workspace' })).toBeTruthy();
  });

  it('the theme menu and the popover open on the first click', async () => {
    const { ThemeToggle } = await import('@/ui/components/theme');
    const { Popover } = await import('@/ui/components/popover');
    render(
      <>
        <ThemeToggle />
        <Popover trigger={<button type="button">Filters</button>}>
          <p>Assignee</p>
        </Popover>
      </>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Filters' }));
    expect(await screen.findByText('Assignee')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /^Theme:/ }));
    expect(await screen.findByRole('menuitemradio', { name: 'Dark' })).toBeTruthy();
  });

  it('a failed download is tried again on the next use', async () => {
    const { onDemand } = await import('@/ui/components/on-demand');
    let attempts = 0;
    const part = onDemand(() => {
      attempts += 1;
      return attempts === 1 ? Promise.reject(new Error('offline')) : Promise.resolve({ ok: true });
    });
    expect(await part.load()).toBeNull();
    expect(await part.load()).toEqual({ ok: true });
    expect(await part.load()).toEqual({ ok: true });
    expect(attempts).toBe(2);
  });
});
