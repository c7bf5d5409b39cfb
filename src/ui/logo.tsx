import { cn } from './components/cn';

/** Tika's mark: three columns of a board, tallest first. */
export function Logo({ className }: { className?: string }) {
  return (
    <span
      aria-hidden
      className={cn('inline-flex size-6 items-end gap-[3px] rounded-md bg-accent p-[5px] text-accent-fg', className)}
    >
      <span className="h-full w-1 rounded-sm bg-current" />
      <span className="h-2/3 w-1 rounded-sm bg-current" />
      <span className="h-1/3 w-1 rounded-sm bg-current" />
    </span>
  );
}
