'use client';

import { useId, useState } from 'react';
import { Markdown } from '../markdown';
import { Textarea, cn } from '../components';

/** Markdown with Write and Preview tabs; the preview is the same safe renderer the ticket uses. */
export function MarkdownEditor({
  name,
  label,
  defaultValue,
  rows = 8,
  maxLength,
  autoFocus,
  required,
  onKeyDown,
}: {
  name: string;
  label: string;
  defaultValue?: string;
  rows?: number;
  maxLength?: number;
  autoFocus?: boolean;
  required?: boolean;
  onKeyDown?: React.KeyboardEventHandler<HTMLTextAreaElement>;
}) {
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const [value, setValue] = useState(defaultValue ?? '');
  const id = useId();
  const tabClass = (on: boolean) =>
    cn('rounded-md px-2.5 py-1 text-xs font-medium', on ? 'bg-surface text-fg shadow-xs' : 'text-muted hover:text-fg');
  return (
    <div className="flex flex-col gap-1.5">
      <div className="flex items-center justify-between gap-2">
        <label htmlFor={id} className="text-sm font-medium">
          {label} <span className="font-normal text-muted">(Markdown)</span>
        </label>
        <div
          role="tablist"
          aria-label={`${label}: write or preview`}
          className="flex gap-0.5 rounded-lg bg-sunken p-0.5"
        >
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'write'}
            className={tabClass(tab === 'write')}
            onClick={() => setTab('write')}
          >
            Write
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'preview'}
            className={tabClass(tab === 'preview')}
            onClick={() => setTab('preview')}
          >
            Preview
          </button>
        </div>
      </div>
      <Textarea
        id={id}
        name={name}
        rows={rows}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        maxLength={maxLength}
        autoFocus={autoFocus}
        required={required}
        onKeyDown={onKeyDown}
        className={tab === 'preview' ? 'hidden' : undefined}
      />
      {tab === 'preview' ? (
        <div className="min-h-24 rounded-md border border-border bg-surface px-3 py-2" data-testid="markdown-preview">
          <Markdown source={value} />
        </div>
      ) : null}
    </div>
  );
}
