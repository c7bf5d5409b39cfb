import type { ReactNode } from 'react';
import { cn } from './cn';

export type Tone = 'neutral' | 'accent' | 'danger' | 'warning' | 'success';

const tones: Record<Tone, string> = {
  neutral: 'bg-sunken text-muted ring-border',
  accent: 'bg-accent-soft text-accent ring-accent/25',
  danger: 'bg-danger-soft text-danger ring-danger/25',
  warning: 'bg-warning-soft text-warning ring-warning/30',
  success: 'bg-success-soft text-success ring-success/25',
};

export function Badge({
  tone = 'neutral',
  className,
  children,
}: {
  tone?: Tone;
  className?: string;
  children: ReactNode;
}) {
  return (
    <span
      className={cn(
        'inline-flex items-center gap-1 rounded-full px-2 py-px text-xs font-medium whitespace-nowrap ring-1 ring-inset',
        tones[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}

/**
 * A label chip in a colour of its own: the same name gets the same hue everywhere (a hash of the name picks one of
 * twelve hues), light and dark both readable.
 */
export const labelHues = [0, 25, 45, 90, 140, 165, 190, 210, 235, 265, 290, 320];
export function labelHue(name: string): number {
  let hash = 0;
  for (const char of name.toLowerCase()) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return labelHues[hash % labelHues.length]!;
}

export function LabelChip({ name }: { name: string }) {
  return (
    <span
      className="label-chip inline-flex max-w-full items-center truncate rounded px-1.5 py-px text-[11px] leading-4 font-medium"
      data-hue={labelHue(name)}
    >
      {name}
    </span>
  );
}
