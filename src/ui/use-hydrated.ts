import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/**
 * False in the server's HTML and during hydration, true once React runs the page. A form that only works through
 * its JavaScript handler disables its submit button until then: a click before hydration would otherwise submit
 * the form natively (a GET with the fields, the password among them, in the address bar) and go nowhere.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
