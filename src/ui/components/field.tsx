import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { cn } from './cn';

const control =
  'w-full rounded-md border border-border-strong bg-surface px-2.5 text-sm text-fg shadow-xs placeholder:text-subtle disabled:opacity-60 aria-invalid:border-danger';

export const inputClass = (className?: string) => cn(control, 'h-9', className);

export function Input({ className, ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={inputClass(className)} {...props} />;
}

export function Textarea({ className, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea className={cn(control, 'min-h-20 py-2 leading-relaxed', className)} {...props} />;
}

/** A native select (the platform's picker on phones, full keyboard support), styled like the inputs. */
export function Select({ className, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className={cn(control, 'h-9 pr-7', className)} {...props} />;
}

/** A label wrapping its control (so getByLabel and screen readers find it), with an optional hint after the text. */
export function Field({
  label,
  hint,
  className,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <label className={cn('flex flex-col gap-1.5 text-sm font-medium text-fg', className)}>
      <span>
        {label}
        {hint ? <span className="ml-1 font-normal text-muted">{hint}</span> : null}
      </span>
      {children}
    </label>
  );
}

/** A checkbox with its label on the right. */
export function Checkbox({ label, className, ...props }: InputHTMLAttributes<HTMLInputElement> & { label: ReactNode }) {
  return (
    <label className={cn('inline-flex items-center gap-2 text-sm text-fg', className)}>
      <input type="checkbox" className="size-4 accent-accent" {...props} />
      {label}
    </label>
  );
}
