import type { ReactNode } from 'react';
import { cn } from './cn';

/** The body of a page: a readable width, the page padding, and room at the bottom. */
export function Page({ children, wide, className }: { children: ReactNode; wide?: boolean; className?: string }) {
  return (
    <main className={cn('mx-auto w-full px-4 pt-6 pb-16 sm:px-6', wide ? 'max-w-7xl' : 'max-w-5xl', className)}>
      {children}
    </main>
  );
}

/** Title row of a page: the h1, an optional line under it, actions on the right (wrapping under on phones). */
export function PageHeader({
  title,
  description,
  actions,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-3">
      <div className="min-w-0">
        <h1 className="text-2xl font-semibold tracking-tight break-words">{title}</h1>
        {description ? <p className="mt-1 text-sm text-muted">{description}</p> : null}
      </div>
      {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
    </div>
  );
}

/** A titled block of a page on a raised surface. */
export function Section({
  title,
  id,
  description,
  children,
  tone,
  className,
}: {
  title?: ReactNode;
  id?: string;
  description?: ReactNode;
  children: ReactNode;
  tone?: 'danger';
  className?: string;
}) {
  return (
    <section
      aria-labelledby={title && id ? id : undefined}
      className={cn(
        'mb-6 rounded-xl border bg-surface p-4 shadow-xs sm:p-5',
        tone === 'danger' ? 'danger-zone border-danger/40' : 'border-border',
        className,
      )}
    >
      {title ? (
        <h2 id={id} className={cn('text-base font-semibold', tone === 'danger' && 'text-danger')}>
          {title}
        </h2>
      ) : null}
      {description ? <p className="mt-1 text-sm text-muted">{description}</p> : null}
      <div className={title || description ? 'mt-4' : undefined}>{children}</div>
    </section>
  );
}
