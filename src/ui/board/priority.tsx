import { AlertOctagon, ChevronDown, ChevronUp, ChevronsUp, Equal } from 'lucide-react';
import type { Priority } from '../api';
import { cn } from '../components';

const looks: Record<Exclude<Priority, 'none'>, { icon: typeof ChevronUp; className: string }> = {
  urgent: { icon: AlertOctagon, className: 'text-danger' },
  high: { icon: ChevronsUp, className: 'text-orange-600 dark:text-orange-400' },
  medium: { icon: Equal, className: 'text-warning' },
  low: { icon: ChevronDown, className: 'text-sky-600 dark:text-sky-400' },
};

/** The priority as an icon with its name for screen readers and a tooltip; nothing for "none". */
export function PriorityIcon({ priority, withText }: { priority: Priority; withText?: boolean }) {
  if (priority === 'none') return withText ? <span className="text-muted">No priority</span> : null;
  const { icon: Icon, className } = looks[priority];
  return (
    <span
      className={cn('prio inline-flex items-center gap-1', `prio-${priority}`, className)}
      title={`Priority: ${priority}`}
    >
      <Icon className="size-3.5" aria-hidden />
      <span className={withText ? 'capitalize' : 'sr-only'}>{withText ? priority : `Priority: ${priority}`}</span>
    </span>
  );
}
