// Not a client module: the root layout (a server component) reads the cookie with these.
export type Theme = 'system' | 'light' | 'dark';
export const THEME_COOKIE = 'tika-theme';
export const themes: Theme[] = ['system', 'light', 'dark'];

/** The theme named by the cookie's value; anything else is "system" (follow the operating system). */
export function parseTheme(value: string | undefined | null): Theme {
  return value === 'light' || value === 'dark' ? value : 'system';
}
