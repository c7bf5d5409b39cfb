import 'server-only';
// The machine's own addresses have three spellings. `npm run start:local` defaults APP_URL to
// http://localhost:3000 while Next prints http://127.0.0.1:3000 — and a browser sends the Origin it was opened at,
// so every sign-up from the printed address was refused as cross-site (bug 2 of issue 18). When an allowed origin
// is a loopback one, its other spellings (same scheme and port: the same server) are allowed too. Nothing else is.

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

export function withLoopbackAliases(origins: string[]): string[] {
  const all = new Set(origins);
  for (const origin of origins) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      continue;
    }
    if (!LOOPBACK.includes(url.hostname)) continue;
    for (const host of LOOPBACK) all.add(`${url.protocol}//${host}${url.port ? `:${url.port}` : ''}`);
  }
  return [...all];
}
