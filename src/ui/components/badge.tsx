'use client';

import { createContext, useContext, type ReactNode } from 'react';
import { labelHueOf, labelKey, type LabelColour } from '@/shared/label-colours';
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
 * The colours the workspace gave its labels, by lower-case name (src/ui/labels.tsx provides them from the API);
 * empty outside a workspace, where every label shows its default hue.
 */
export const LabelColoursContext = createContext<Readonly<Record<string, LabelColour>>>({});

/** The stable hue of a name (a hash picks one of the palette's twelve hues): avatars, and labels without a colour. */
export function labelHue(name: string): number {
  return labelHueOf(name);
}

/**
 * A label chip in the colour the workspace gave it, else in the hue its name hashes to (the same name gets the
 * same hue everywhere). Every palette colour is readable in light and dark (tests/unit/label-colours.test.ts).
 */
export function LabelChip({ name }: { name: string }) {
  const colour = useContext(LabelColoursContext)[labelKey(name)];
  return (
    <span
      className="label-chip inline-flex max-w-full items-center truncate rounded px-1.5 py-px text-[11px] leading-4 font-medium"
      data-hue={labelHueOf(name, colour)}
      data-colour={colour}
    >
      {name}
    </span>
  );
}
