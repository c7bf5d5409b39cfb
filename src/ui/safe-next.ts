/**
 * Where to go after signing in or up: `next` resolved against the app's own origin, followed only when it stays
 * on that origin; anything else goes to the boards page. Resolving (instead of testing the string's first
 * characters) reads `next` the way the browser will: a backslash is a slash, tabs and newlines vanish, `/./`
 * collapses — `/\evil.example`, `/%09/evil.example` or `https:evil.example` all name another origin (issue #12).
 */
export function safeNextPath(value: string | null | undefined, origin: string, fallback = '/w'): string {
  // A path, never a URL: `https:evil.example` and `evil.example` are not followed at all.
  if (!value?.startsWith('/')) return fallback;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `/.//evil.example` resolves to the path `//evil.example`, which a router reads as another origin again.
  return path.startsWith('/') && !path.startsWith('//') ? path : fallback;
}
