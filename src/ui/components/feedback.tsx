'use client';

import { AlertCircle, Check, Copy } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import { Button } from './button';
import { cn } from './cn';

export function ErrorMessage({
  error,
  id,
  className,
}: {
  error: string | null | undefined;
  id?: string;
  className?: string;
}) {
  if (!error) return null;
  return (
    <p
      className={cn(
        'error flex items-start gap-2 rounded-md border border-danger/30 bg-danger-soft px-3 py-2 text-sm text-danger',
        className,
      )}
      role="alert"
      id={id}
    >
      <AlertCircle className="mt-0.5 size-4 shrink-0" aria-hidden />
      <span>{error}</span>
    </p>
  );
}

export function EmptyState({
  title,
  children,
  className,
}: {
  title: string;
  children?: ReactNode;
  className?: string;
}) {
  return (
    <div
      className={cn(
        'empty rounded-lg border border-dashed border-border-strong bg-surface/60 px-6 py-8 text-center text-muted',
        className,
      )}
    >
      <p className="empty-title text-sm font-semibold text-fg">{title}</p>
      {children ? <div className="mt-1 text-sm">{children}</div> : null}
    </div>
  );
}

export function Spinner({ className }: { className?: string }) {
  return (
    <span
      aria-hidden
      className={cn(
        'inline-block size-4 animate-spin rounded-full border-2 border-border-strong border-t-accent',
        className,
      )}
    />
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="flex items-center gap-2 py-6 text-sm text-muted" role="status" aria-live="polite">
      <Spinner />
      {label}
    </p>
  );
}

/** A secret shown exactly once, with a copy button. */
export function OneTimeSecret({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div
      className="secret my-4 rounded-lg border border-success/30 bg-success-soft p-4"
      role="region"
      aria-label={label}
    >
      <p className="text-sm text-fg">
        <strong>{label}</strong> — copy it now; it will not be shown again.
      </p>
      <div className="mt-2 flex gap-2">
        <input
          readOnly
          value={value}
          aria-label={label}
          onFocus={(e) => e.currentTarget.select()}
          data-testid="one-time-secret"
          className="h-9 min-w-0 flex-1 rounded-md border border-border-strong bg-surface px-2.5 font-mono text-xs text-fg"
        />
        <Button
          onClick={() =>
            void navigator.clipboard?.writeText(value).then(
              () => setCopied(true),
              () => undefined,
            )
          }
        >
          {copied ? <Check className="size-4" aria-hidden /> : <Copy className="size-4" aria-hidden />}
          {copied ? 'Copied' : 'Copy'}
        </Button>
      </div>
    </div>
  );
}
