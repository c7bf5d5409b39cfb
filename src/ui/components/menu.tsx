'use client';

import { useState, type ComponentProps, type ReactNode } from 'react';
import type { MenuItem as Item, MenuLink as Link, MenuProps } from './menu-panel';
import { onDemand, pendingTrigger } from './on-demand';

export const menuPart = onDemand(() => import('./menu-panel'));

/**
 * A menu of actions (Radix DropdownMenu, see menu-panel.tsx): arrow keys move, typing jumps, Escape closes. Its code
 * is downloaded when the pointer or the focus first reaches the trigger; a click before it arrives opens the menu as
 * soon as it does.
 */
export function Menu(props: MenuProps) {
  const panel = menuPart.useLoaded();
  const [asked, setAsked] = useState(false);
  if (panel) return <panel.MenuPanel {...props} defaultOpen={asked} />;
  return pendingTrigger(props.trigger, 'menu', menuPart, () => setAsked(true));
}

// The entries are only rendered inside an open menu, so the menu's code is there by then.
export function MenuItem(props: ComponentProps<typeof Item>) {
  const panel = menuPart.useLoaded();
  return panel ? <panel.MenuItem {...props} /> : null;
}

export function MenuLink(props: ComponentProps<typeof Link>) {
  const panel = menuPart.useLoaded();
  return panel ? <panel.MenuLink {...props} /> : null;
}

export function MenuLabel(props: { children: ReactNode }) {
  const panel = menuPart.useLoaded();
  return panel ? <panel.MenuLabel {...props} /> : null;
}

export function MenuSeparator() {
  const panel = menuPart.useLoaded();
  return panel ? <panel.MenuSeparator /> : null;
}
