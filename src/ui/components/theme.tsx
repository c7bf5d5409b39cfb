'use client';

import { Monitor, Moon, Sun } from 'lucide-react';
import { DropdownMenu as M } from 'radix-ui';
import { useState } from 'react';
import { buttonClass } from './button';
import { THEME_COOKIE, parseTheme, themes, type Theme } from './theme-value';

/**
 * Applies a theme at once (data-theme on <html>) and remembers it for a year in a cookie, which the root layout
 * reads so the server renders the right theme: no flash, and no inline script (the CSP allows none).
 */
export function applyTheme(theme: Theme) {
  document.documentElement.dataset.theme = theme;
  document.cookie = `${THEME_COOKIE}=${theme}; path=/; max-age=31536000; samesite=lax`;
}

const icons = { system: Monitor, light: Sun, dark: Moon };
const names = { system: 'System', light: 'Light', dark: 'Dark' };

export function ThemeToggle({ className }: { className?: string }) {
  const [theme, setTheme] = useState<Theme>(() =>
    typeof document === 'undefined' ? 'system' : parseTheme(document.documentElement.dataset.theme),
  );
  const Icon = icons[theme];
  return (
    <M.Root>
      <M.Trigger
        className={buttonClass({ variant: 'ghost', size: 'icon' }, className)}
        aria-label={`Theme: ${names[theme]}`}
      >
        <Icon className="size-4" aria-hidden />
      </M.Trigger>
      <M.Portal>
        <M.Content
          align="end"
          sideOffset={6}
          className="z-50 min-w-36 rounded-lg border border-border bg-raised p-1 text-fg shadow-xl"
        >
          <M.Label className="px-2.5 pt-1.5 pb-1 text-xs font-medium text-muted">Theme</M.Label>
          <M.RadioGroup
            value={theme}
            onValueChange={(value) => {
              const next = parseTheme(value);
              applyTheme(next);
              setTheme(next);
            }}
          >
            {themes.map((t) => {
              const ItemIcon = icons[t];
              return (
                <M.RadioItem
                  key={t}
                  value={t}
                  className="flex cursor-pointer items-center gap-2 rounded-md px-2.5 py-1.5 text-sm outline-none data-[highlighted]:bg-sunken data-[state=checked]:font-semibold data-[state=checked]:text-accent"
                >
                  <ItemIcon className="size-4" aria-hidden />
                  {names[t]}
                </M.RadioItem>
              );
            })}
          </M.RadioGroup>
        </M.Content>
      </M.Portal>
    </M.Root>
  );
}
