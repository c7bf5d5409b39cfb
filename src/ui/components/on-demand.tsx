'use client';

import {
  cloneElement,
  isValidElement,
  useSyncExternalStore,
  type ButtonHTMLAttributes,
  type MouseEvent,
  type ReactNode,
} from 'react';

/**
 * A part of the UI whose code is downloaded on first use, not with the page: the overlays (dialogs, menus, popovers)
 * bring Radix and floating-ui, about a tenth of the board page's JavaScript, and no page needs them before the user
 * opens one (the budget: the board page ships at most 30 % more JavaScript than before the redesign).
 * next/dynamic would download them as soon as they are rendered, closed or not; this waits for the user.
 */
export interface OnDemand<T> {
  /** Starts the download (once); resolves to the module, or null if it failed (the next use tries again). */
  load: () => Promise<T | null>;
  /** The module once downloaded; null before, and always during the server render and hydration. */
  useLoaded: () => T | null;
}

export function onDemand<T>(download: () => Promise<T>): OnDemand<T> {
  let loadedPart: T | null = null;
  let pending: Promise<T | null> | null = null;
  const listeners = new Set<() => void>();
  const load = () =>
    (pending ??= download().then(
      (loaded) => {
        loadedPart = loaded;
        for (const listener of listeners) listener();
        return loaded;
      },
      () => {
        pending = null;
        return null;
      },
    ));
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };
  return {
    load,
    useLoaded: () =>
      useSyncExternalStore(
        subscribe,
        () => loadedPart,
        () => null,
      ),
  };
}

/**
 * The trigger of an overlay whose code is not there yet: the same element, marked up as the Radix trigger marks it
 * (so the server's HTML does not change when the overlay arrives), that starts the download when the pointer or the
 * focus reaches it and asks for the overlay on click (mouse, Enter or Space).
 */
export function pendingTrigger(
  trigger: ReactNode,
  popup: 'menu' | 'dialog',
  part: OnDemand<unknown>,
  open: () => void,
): ReactNode {
  if (!isValidElement<ButtonHTMLAttributes<HTMLButtonElement>>(trigger)) return trigger;
  const { onClick } = trigger.props;
  const props: Partial<ButtonHTMLAttributes<HTMLButtonElement>> = {
    'aria-haspopup': popup,
    'aria-expanded': false,
    onPointerEnter: () => void part.load(),
    onFocus: () => void part.load(),
    onClick: (event: MouseEvent<HTMLButtonElement>) => {
      onClick?.(event);
      open();
      void part.load();
    },
  };
  return cloneElement(trigger, { ...props, ...{ 'data-state': 'closed' } });
}
