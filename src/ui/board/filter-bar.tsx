'use client';

import { useEffect, useRef, useState } from 'react';
import { ListFilter, Search, X } from 'lucide-react';
import { priorities, type Member } from '../api';
import { Button, Field, Input, LabelChip, Popover, Select, cn } from '../components';
import { activeFilterCount, noFilters, type Filters } from './model';
import type { GroupBy } from './swimlanes';

/**
 * The board's toolbar: search always in view (`/` focuses it), the other filters in a popover whose button counts
 * the active ones. Typing is debounced; the other fields apply at once.
 */
export function FilterBar({
  filters,
  onChange,
  members,
  swimlanes,
  groupBy,
  onGroupBy,
}: {
  filters: Filters;
  onChange: (filters: Filters) => void;
  members: Member[];
  swimlanes: boolean;
  groupBy: GroupBy;
  onGroupBy: (value: GroupBy) => void;
}) {
  const [q, setQ] = useState(filters.q);
  const [label, setLabel] = useState(filters.label);
  const latest = useRef(filters);
  latest.current = filters;
  // The filters can change from outside (the URL, "Clear"): the typed fields follow.
  useEffect(() => setQ(filters.q), [filters.q]);
  useEffect(() => setLabel(filters.label), [filters.label]);
  useEffect(() => {
    const timer = setTimeout(() => {
      const current = latest.current;
      if (q !== current.q || label !== current.label) onChange({ ...current, q, label });
    }, 300);
    return () => clearTimeout(timer);
  }, [q, label, onChange]);
  const active = activeFilterCount({ ...filters, q: '' });
  const set = (patch: Partial<Filters>) => onChange({ ...filters, ...patch });
  return (
    <form
      className="filters flex min-w-0 flex-1 items-center gap-2"
      role="search"
      aria-label="Filter tickets"
      onSubmit={(e) => e.preventDefault()}
    >
      <label className="relative min-w-0 flex-1 sm:max-w-xs">
        <span className="sr-only">Search</span>
        <Search
          className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-subtle"
          aria-hidden
        />
        <Input
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder="Search tickets"
          maxLength={200}
          className="h-8 pl-8"
          data-shortcut="search"
          aria-keyshortcuts="/"
        />
      </label>
      <Popover
        align="end"
        trigger={
          <Button
            size="sm"
            variant={active ? 'secondary' : 'ghost'}
            className={cn('h-8', active && 'border-accent text-accent')}
            aria-label={active ? `Filters, ${active} active` : 'Filters'}
          >
            <ListFilter className="size-4" aria-hidden />
            <span className="hidden sm:inline">Filters</span>
            {active ? (
              <span
                className="rounded-full bg-accent px-1.5 text-[11px] leading-4 text-accent-fg"
                data-testid="filter-count"
              >
                {active}
              </span>
            ) : null}
          </Button>
        }
      >
        <div className="flex flex-col gap-3">
          <Field label="Assignee">
            <Select value={filters.assigneeId} onChange={(e) => set({ assigneeId: e.target.value })}>
              <option value="">Anyone</option>
              {members.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name || m.email}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Label">
            <Input value={label} onChange={(e) => setLabel(e.target.value)} maxLength={32} placeholder="e.g. bug" />
          </Field>
          {label.trim() ? (
            // The label as its cards show it, in the workspace's colour for it.
            <div className="-mt-1" data-testid="label-filter-chip">
              <LabelChip name={label.trim()} />
            </div>
          ) : null}
          <div className="grid grid-cols-2 gap-3">
            <Field label="Priority">
              <Select
                value={filters.priority}
                onChange={(e) => set({ priority: e.target.value as Filters['priority'] })}
              >
                <option value="">Any</option>
                {priorities.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Due">
              <Select value={filters.due} onChange={(e) => set({ due: e.target.value as Filters['due'] })}>
                <option value="">Any time</option>
                <option value="overdue">Overdue</option>
                <option value="week">Within 7 days</option>
                <option value="month">Within 31 days</option>
              </Select>
            </Field>
          </div>
          {swimlanes ? (
            <Field label="Swimlanes">
              <Select value={groupBy} onChange={(e) => onGroupBy(e.target.value as GroupBy)}>
                <option value="none">None</option>
                <option value="assignee">By assignee</option>
                <option value="priority">By priority</option>
              </Select>
            </Field>
          ) : null}
        </div>
      </Popover>
      {activeFilterCount(filters) ? (
        <Button
          size="sm"
          variant="ghost"
          className="h-8"
          aria-label="Clear filters"
          onClick={() => {
            setQ('');
            setLabel('');
            onChange(noFilters);
          }}
        >
          <X className="size-4" aria-hidden />
          <span className="hidden sm:inline" aria-hidden>
            Clear filters
          </span>
        </Button>
      ) : null}
    </form>
  );
}
