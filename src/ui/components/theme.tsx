'use client';

import { useState } from 'react';
import { buttonClass } from './button';
import { menuPart } from './menu';
import { pendingTrigger } from './on-demand';
import { themeIcons, themeNames } from './theme-icons';
import { THEME_COOKIE, parseTheme, type Theme } from './theme-value';

/**
 * Applies a theme at once (data-theme on <html>) and remembers it for a year in a cookie, which the root layout
 * reads so the server renders the right theme: no flash, and no inline script (the CSP allows none).
 */
export function applyTheme(theme: Theme) {
  document.documentElement.dataset.theme = theme;
  document.cookie = `${THEME_COOKIE}=${theme}; path=/; max-age=31536000; samesite=lax`;
}

/** The theme menu (System / Light / Dark); its menu code is downloaded on first use (menu.tsx). */
export function ThemeToggle({ className }: { className?: string }) {
  const [theme, setTheme] = useState<Theme>(() =>
    typeof document === 'undefined' ? 'system' : parseTheme(document.documentElement.dataset.theme),
  );
  const panel = menuPart.useLoaded();
  const [asked, setAsked] = useState(false);
  const Icon = themeIcons[theme];
  const trigger = (
    <button
      type="button"
      className={buttonClass({ variant: 'ghost', size: 'icon' }, className)}
      aria-label={`Theme: ${themeNames[theme]}`}
    >
      <Icon className="size-4" aria-hidden />
    </button>
  );
  if (!panel) return pendingTrigger(trigger, 'menu', menuPart, () => setAsked(true));
  return (
    <panel.ThemeMenu
      theme={theme}
      trigger={trigger}
      defaultOpen={asked}
      onChange={(next) => {
        applyTheme(next);
        setTheme(next);
      }}
    />
  );
}
