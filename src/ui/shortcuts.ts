'use client';

import { useEffect, useRef } from 'react';

/** The user is typing (a field, an editor, a select): single-key shortcuts stay out of the way. */
export function isTyping(event: KeyboardEvent): boolean {
  if (event.metaKey || event.ctrlKey || event.altKey) return true;
  const target = event.target as HTMLElement | null;
  if (!target || typeof target.closest !== 'function') return false;
  return Boolean(target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]'));
}

export interface Shortcut {
  key: string;
  description: string;
  run: () => void;
}

/** Single-key shortcuts for a screen (`n`, `/`, `e`, `?`), ignored while typing or while a dialog is open. */
export function useShortcuts(shortcuts: Shortcut[]) {
  const latest = useRef(shortcuts);
  latest.current = shortcuts;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTyping(event)) return;
      if (document.querySelector('[role=dialog][data-state=open]')) return;
      const shortcut = latest.current.find((s) => s.key === event.key);
      if (!shortcut) return;
      event.preventDefault();
      shortcut.run();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
