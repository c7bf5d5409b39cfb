'use client';

import { useEffect, useState } from 'react';
import { priorities, type Member } from '../api';
import { hasFilters, noFilters, type Filters } from './model';
import type { GroupBy } from './swimlanes';

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
  // Typing is debounced; the other fields apply at once.
  const [q, setQ] = useState(filters.q);
  const [label, setLabel] = useState(filters.label);
  useEffect(() => {
    const timer = setTimeout(() => {
      if (q !== filters.q || label !== filters.label) onChange({ ...filters, q, label });
    }, 300);
    return () => clearTimeout(timer);
  }, [q, label, filters, onChange]);
  return (
    <form className="filters" role="search" aria-label="Filter tickets" onSubmit={(e) => e.preventDefault()}>
      <label>
        Search
        <input
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder="Title or description"
          maxLength={200}
        />
      </label>
      <label>
        Assignee
        <select value={filters.assigneeId} onChange={(e) => onChange({ ...filters, assigneeId: e.target.value })}>
          <option value="">Anyone</option>
          {members.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name || m.email}
            </option>
          ))}
        </select>
      </label>
      <label>
        Label
        <input value={label} onChange={(e) => setLabel(e.target.value)} maxLength={32} placeholder="e.g. bug" />
      </label>
      <label>
        Priority
        <select
          value={filters.priority}
          onChange={(e) => onChange({ ...filters, priority: e.target.value as Filters['priority'] })}
        >
          <option value="">Any</option>
          {priorities.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <label>
        Due
        <select value={filters.due} onChange={(e) => onChange({ ...filters, due: e.target.value as Filters['due'] })}>
          <option value="">Any time</option>
          <option value="overdue">Overdue</option>
          <option value="week">Within 7 days</option>
          <option value="month">Within 31 days</option>
        </select>
      </label>
      {swimlanes ? (
        <label>
          Swimlanes
          <select value={groupBy} onChange={(e) => onGroupBy(e.target.value as GroupBy)}>
            <option value="none">None</option>
            <option value="assignee">By assignee</option>
            <option value="priority">By priority</option>
          </select>
        </label>
      ) : null}
      {hasFilters(filters) ? (
        <button
          type="button"
          className="ghost"
          onClick={() => {
            setQ('');
            setLabel('');
            onChange(noFilters);
          }}
        >
          Clear filters
        </button>
      ) : null}
    </form>
  );
}
