import './ui-dom';
import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';
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
