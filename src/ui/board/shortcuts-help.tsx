'use client';

import { Dialog, Kbd } from '../components';

const rows: [string[], string][] = [
  [['n'], 'New ticket in the column in view'],
  [['/'], 'Search'],
  [['e'], 'Edit the focused ticket (in an open ticket: its description)'],
  [['?'], 'This help'],
  [['Space'], 'On a card’s handle: pick it up, then drop it'],
  [['←', '↑', '↓', '→'], 'While dragging: move the card'],
  [['Esc'], 'Cancel a drag, close a dialog or the ticket'],
];

export function ShortcutsHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Keyboard shortcuts" size="sm">
      <dl className="grid grid-cols-[auto_1fr] items-center gap-x-4 gap-y-2.5 text-sm">
        {rows.map(([keys, text]) => (
          <div key={text} className="contents">
            <dt className="flex gap-1">
              {keys.map((k) => (
                <Kbd key={k}>{k}</Kbd>
              ))}
            </dt>
            <dd>{text}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
