import type { Metadata, Viewport } from 'next';
import { cookies } from 'next/headers';
import type { ReactNode } from 'react';
import '@fontsource-variable/inter';
import './globals.css';
import { THEME_COOKIE, parseTheme } from '@/ui/components/theme-value';

// Every page is rendered per request: its scripts carry that request's CSP nonce (proxy.ts).
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Tika', description: 'Kanban for teams, with operations done right.' };
export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#f7f7f8' },
    { media: '(prefers-color-scheme: dark)', color: '#0f0f12' },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The theme is chosen on the server from the cookie, so the first paint is already right (no inline script).
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" data-theme={theme}>
      <body>{children}</body>
    </html>
  );
}
