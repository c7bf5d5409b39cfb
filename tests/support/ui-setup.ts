import './ui-dom';
import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';
import { dialogPart } from '@/ui/components/dialog';
import { menuPart } from '@/ui/components/menu';
import { popoverPart } from '@/ui/components/popover';
import { pageFetch } from './ui-fetch';

// The browser's fetch is the in-process API; there is no EventSource (the board falls back to polling, as it does
// behind proxies that break streams).
(globalThis as Record<string, unknown>).fetch = pageFetch;
delete (globalThis as Record<string, unknown>).EventSource;

// Real password hashing and a real database on a shared machine: give findBy/waitFor time.
configure({ asyncUtilTimeout: 15_000 });

afterEach(() => {
  cleanup();
  history.replaceState(null, '', '/');
});

// Dialogs, menus and popovers download their code when first used (src/ui/components/on-demand.tsx). Here it is
// loaded before the tests, so an overlay opens in the tick it is asked for, as it does in a browser that has it
// already; tests/ui/on-demand.test.tsx covers the first use, with the download still to come.
await Promise.all([dialogPart.load(), menuPart.load(), popoverPart.load()]);
