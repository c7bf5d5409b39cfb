'use client';

import Link from 'next/link';
import { DropdownMenu as M } from 'radix-ui';
import type { ReactNode } from 'react';
import { cn } from './cn';
import { themeIcons, themeNames } from './theme-icons';
import { parseTheme, themes, type Theme } from './theme-value';

export interface MenuProps {
  trigger: ReactNode;
  children: ReactNode;
  align?: 'start' | 'end';
  label?: string;
}

/** A menu of actions (Radix DropdownMenu): arrow keys move, typing jumps, Escape closes. */
export function MenuPanel({
  trigger,
  children,
  align = 'end',
  label,
  defaultOpen,
}: MenuProps & { defaultOpen: boolean }) {
  return (
    <M.Root defaultOpen={defaultOpen}>
      <M.Trigger asChild>{trigger}</M.Trigger>
      <M.Portal>
        <M.Content
          align={align}
          sideOffset={6}
          collisionPadding={8}
          aria-label={label}
          className="z-50 min-w-52 rounded-lg border border-border bg-raised p-1 text-fg shadow-xl"
        >
          {children}
        </M.Content>
      </M.Portal>
    </M.Root>
  );
}

const item =
  'flex cursor-pointer items-center gap-2 rounded-md px-2.5 py-1.5 text-sm text-fg no-underline outline-none select-none data-[highlighted]:bg-sunken data-[disabled]:opacity-50 hover:no-underline';

export function MenuItem({
  children,
  onSelect,
  className,
}: {
  children: ReactNode;
  onSelect?: () => void;
  className?: string;
}) {
  return (
    <M.Item className={cn(item, className)} onSelect={onSelect}>
      {children}
    </M.Item>
  );
}

/** A menu entry that is a link (the anchor itself, so it also opens in a new tab). */
export function MenuLink({ children, href, active }: { children: ReactNode; href: string; active?: boolean }) {
  return (
    <M.Item asChild className={cn(item, active && 'font-semibold text-accent')}>
      <Link href={href} aria-current={active ? 'page' : undefined}>
        {children}
      </Link>
    </M.Item>
  );
}

export function MenuLabel({ children }: { children: ReactNode }) {
  return <M.Label className="px-2.5 pt-1.5 pb-1 text-xs font-medium text-muted">{children}</M.Label>;
}

export function MenuSeparator() {
  return <M.Separator className="my-1 h-px bg-border" />;
}

/** The theme menu's Radix part (theme.tsx has the trigger and the state). */
export function ThemeMenu({
  theme,
  onChange,
  trigger,
  defaultOpen,
}: {
  theme: Theme;
  onChange: (theme: Theme) => void;
  trigger: ReactNode;
  defaultOpen: boolean;
}) {
  return (
    <M.Root defaultOpen={defaultOpen}>
      <M.Trigger asChild>{trigger}</M.Trigger>
      <M.Portal>
        <M.Content
          align="end"
          sideOffset={6}
          className="z-50 min-w-36 rounded-lg border border-border bg-raised p-1 text-fg shadow-xl"
        >
          <M.Label className="px-2.5 pt-1.5 pb-1 text-xs font-medium text-muted">Theme</M.Label>
          <M.RadioGroup value={theme} onValueChange={(value) => onChange(parseTheme(value))}>
            {themes.map((t) => {
              const ItemIcon = themeIcons[t];
              return (
                <M.RadioItem
                  key={t}
                  value={t}
                  className="flex cursor-pointer items-center gap-2 rounded-md px-2.5 py-1.5 text-sm outline-none data-[highlighted]:bg-sunken data-[state=checked]:font-semibold data-[state=checked]:text-accent"
                >
                  <ItemIcon className="size-4" aria-hidden />
                  {themeNames[t]}
                </M.RadioItem>
              );
            })}
          </M.RadioGroup>
        </M.Content>
      </M.Portal>
    </M.Root>
  );
}
