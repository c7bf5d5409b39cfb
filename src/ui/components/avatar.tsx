import { cn } from './cn';
import { labelHue } from './badge';

/** Up to two initials: "Ada Lovelace" → "AL", "ada@example.test" → "A". */
export function initials(name: string): string {
  const words = name
    .replace(/@.*/, '')
    .split(/[\s._-]+/)
    .filter(Boolean);
  return ((words[0]?.[0] ?? '?') + (words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '')).toUpperCase();
}

/** A round badge with a person's initials, in a colour derived from their name; the name is the accessible label. */
export function Avatar({
  name,
  label = name,
  size = 'md',
  className,
}: {
  name: string;
  /** What a screen reader says (default: the name); '' when the name is written next to it anyway. */
  label?: string;
  size?: 'sm' | 'md';
  className?: string;
}) {
  return (
    <span
      data-hue={labelHue(name)}
      {...(label ? { role: 'img', 'aria-label': label, title: label } : { 'aria-hidden': true })}
      className={cn(
        'avatar inline-flex shrink-0 items-center justify-center rounded-full font-semibold select-none',
        size === 'sm' ? 'size-6 text-[10px]' : 'size-8 text-xs',
        className,
      )}
    >
      {initials(name)}
    </span>
  );
}
