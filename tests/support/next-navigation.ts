// Next's App Router hooks for components rendered outside Next (the UI tests): the URL is happy-dom's location,
// navigation pushes history entries, and useSearchParams follows pushState/replaceState/popstate, as Next's own
// integration of the History API does. The components under test are real; only the framework's router is not.
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());
let version = 0;
for (const method of ['pushState', 'replaceState'] as const) {
  const original = history[method].bind(history);
  history[method] = (...args: Parameters<History['pushState']>) => {
    original(...args);
    version++;
    notify();
  };
}
addEventListener('popstate', () => {
  version++;
  notify();
});

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
// The same version for a server render (react-dom/server), as Next renders a client component's first HTML.
const useLocationVersion = () =>
  useSyncExternalStore(
    subscribe,
    () => version,
    () => version,
  );

export const navigations: string[] = [];
const router = {
  push: (href: string) => {
    navigations.push(href);
    history.pushState(null, '', href);
  },
  replace: (href: string) => {
    navigations.push(href);
    history.replaceState(null, '', href);
  },
  back: () => history.back(),
  forward: () => history.forward(),
  refresh: () => undefined,
  prefetch: () => undefined,
};

export function useRouter() {
  return router;
}
export function usePathname() {
  useLocationVersion();
  return location.pathname;
}
export function useSearchParams() {
  useLocationVersion();
  return new URLSearchParams(location.search);
}
export function useParams() {
  return {};
}
export function redirect(href: string): never {
  throw new Error(`redirect to ${href}`);
}
export function notFound(): never {
  throw new Error('not found');
}
