// next/link for components rendered outside Next (the UI tests): an anchor whose plain click navigates through
// history, like Next's client-side navigation.
import type { AnchorHTMLAttributes, MouseEvent } from 'react';

type Props = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string; prefetch?: boolean; scroll?: boolean };

export default function Link({ href, prefetch: _prefetch, scroll: _scroll, onClick, ...props }: Props) {
  return (
    <a
      href={href}
      {...props}
      onClick={(event: MouseEvent<HTMLAnchorElement>) => {
        onClick?.(event);
        if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey) return;
        event.preventDefault();
        history.pushState(null, '', href);
      }}
    />
  );
}
