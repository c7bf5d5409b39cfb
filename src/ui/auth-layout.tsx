import Link from 'next/link';
import type { ReactNode } from 'react';
import { Logo } from './logo';
import { ThemeToggle } from './components';

/** Sign-in, sign-up and invitations: one centred card on a quiet page. */
export function AuthLayout({ title, children, footer }: { title: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="flex h-14 items-center justify-between px-4 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-bold text-fg no-underline hover:no-underline">
          <Logo /> Tika
        </Link>
        <ThemeToggle />
      </header>
      <main className="flex flex-1 items-start justify-center px-4 pt-[8vh] pb-16">
        <div className="w-full max-w-sm">
          <h1 className="mb-6 text-center text-2xl font-semibold tracking-tight">{title}</h1>
          <div className="rounded-xl border border-border bg-surface p-6 shadow-sm">{children}</div>
          {footer ? <p className="mt-6 text-center text-sm text-muted">{footer}</p> : null}
        </div>
      </main>
    </div>
  );
}
