// The browser side of the UI tests: a happy-dom window for React to render into, in a Node process that keeps
// Node's own fetch classes (Request, Response, Headers, AbortController, URL…), because the server code these tests
// run for real — route handlers, better-auth, the database — needs them. The page's `fetch` goes to the real API
// in-process (tests/support/ui-fetch.ts).
import { Window } from 'happy-dom';

const nodeOwned = new Set([
  'fetch',
  'Request',
  'Response',
  'Headers',
  'AbortController',
  'AbortSignal',
  'URL',
  'URLSearchParams',
  'Blob',
  'File',
  'ReadableStream',
  'WritableStream',
  'TransformStream',
  'TextEncoder',
  'TextDecoder',
  'crypto',
  'performance',
  'console',
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'queueMicrotask',
  'structuredClone',
  'WebSocket',
  'BroadcastChannel',
  'MessageChannel',
  'MessagePort',
  'process',
]);

export const happyWindow = new Window({ url: 'http://localhost:3000/', width: 1280, height: 800 });
const target = globalThis as unknown as Record<string, unknown>;
// The DOM's own classes, which must be happy-dom's to work with its elements, even where Node has a namesake.
const domOwned = ['Event', 'EventTarget', 'CustomEvent', 'FormData', 'MessageEvent'];
for (const key of Object.getOwnPropertyNames(happyWindow)) {
  if (nodeOwned.has(key) || key.startsWith('_') || key === 'globalThis' || key === 'global') continue;
  if (key in target && !domOwned.includes(key)) continue; // Object, Array, Promise… stay Node's
  define(key, (happyWindow as unknown as Record<string, unknown>)[key]);
}
/** Node defines some globals as getters (navigator): replace them, as a browser would have them. */
function define(key: string, value: unknown) {
  Object.defineProperty(globalThis, key, { value, configurable: true, writable: true, enumerable: true });
}
// Dialogs of the browser itself: decline by default; a test that needs a "yes" says so (vi.spyOn).
define('confirm', () => false);
define('alert', () => undefined);
define('prompt', () => null);
define('window', globalThis);
define('document', happyWindow.document);
define('location', happyWindow.location);
define('history', happyWindow.history);
define('navigator', happyWindow.navigator);
define('localStorage', happyWindow.localStorage);
target.IS_REACT_ACT_ENVIRONMENT = true;
// window.addEventListener & co. (popstate, online/offline) go to the happy-dom window.
target.addEventListener = happyWindow.addEventListener.bind(happyWindow);
target.removeEventListener = happyWindow.removeEventListener.bind(happyWindow);
target.dispatchEvent = happyWindow.dispatchEvent.bind(happyWindow);
target.getComputedStyle = happyWindow.getComputedStyle.bind(happyWindow);
target.requestAnimationFrame = (cb: (t: number) => void) => setTimeout(() => cb(performance.now()), 0);
target.cancelAnimationFrame = (id: ReturnType<typeof setTimeout>) => clearTimeout(id);

// happy-dom lays nothing out: a scrolling list would measure 0 px and a virtualised column would show no card.
// Give scroll containers (the board's columns) the size of a desktop column, as a browser would.
const scrollBox = { x: 0, y: 0, top: 0, left: 0, width: 300, height: 640, right: 300, bottom: 640 };
const boxOf = happyWindow.HTMLElement.prototype.getBoundingClientRect;
Object.defineProperty(happyWindow.HTMLElement.prototype, 'getBoundingClientRect', {
  configurable: true,
  value(this: HTMLElement) {
    return this.classList?.contains('column-scroll') ? { ...scrollBox, toJSON: () => scrollBox } : boxOf.call(this);
  },
});
for (const [prop, value] of [
  ['clientHeight', 640],
  ['offsetHeight', 640],
  ['clientWidth', 300],
  ['offsetWidth', 300],
] as const) {
  const original =
    Object.getOwnPropertyDescriptor(happyWindow.HTMLElement.prototype, prop) ??
    Object.getOwnPropertyDescriptor(happyWindow.Element.prototype, prop);
  Object.defineProperty(happyWindow.HTMLElement.prototype, prop, {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList?.contains('column-scroll') ? value : (original?.get?.call(this) ?? 0);
    },
  });
}
