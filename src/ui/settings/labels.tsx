'use client';

import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { labelColourHues, labelColours, labelHueOf, type LabelColour } from '@/shared/label-colours';
import { describeError } from '../api';
import { useWorkspace } from '../app-shell';
import { data } from '../client';
import { Button, ErrorMessage, Field, Input, LabelChip, Loading, Select, Section, cn, count } from '../components';
import { labelListKey, useRefreshLabelColours } from '../labels';

type Label = { name: string; colour: LabelColour | null; tickets: number };
const colourName = (colour: LabelColour) => colour[0]!.toUpperCase() + colour.slice(1);

/**
 * Label colours (admins and owners): every label in use, and every coloured one, with the palette as a group of
 * radio buttons — Tab reaches the group, the arrow keys pick, "Save" applies it to the whole workspace.
 */
export function LabelColoursSection() {
  const { client } = useWorkspace();
  const refresh = useRefreshLabelColours();
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = useQuery({
    queryKey: labelListKey,
    queryFn: async () => (await data(client.GET('/labels'))).data as Label[],
  });

  async function save(name: string, colour: LabelColour | null) {
    try {
      const saved = await data(client.PUT('/labels', { body: { name, colour } }));
      setError(null);
      setStatus(
        saved.colour ? `“${saved.name}” is ${saved.colour} now.` : `“${saved.name}” has its default colour again.`,
      );
      refresh();
      return true;
    } catch (e) {
      setStatus(null);
      setError(describeError(e));
      return false;
    }
  }

  return (
    <Section
      title="Label colours"
      id="label-colours"
      description="Give a label a colour for every board of the workspace. Labels without one get a colour from their name."
    >
      {list.isPending ? (
        <Loading label="Loading labels…" />
      ) : list.isError ? (
        <ErrorMessage error={describeError(list.error)} />
      ) : list.data.length === 0 ? (
        <p className="text-sm text-muted">No labels yet: add one to a ticket, or give a colour to a label below.</p>
      ) : (
        <ul className="flex flex-col divide-y divide-border" aria-label="Labels">
          {list.data.map((label) => (
            <LabelRow key={label.name.toLowerCase()} label={label} onSave={save} />
          ))}
        </ul>
      )}
      <ErrorMessage error={error} />
      <p role="status" className="mt-2 text-sm text-success empty:hidden">
        {status}
      </p>
      <NewLabelColour onSave={save} />
    </Section>
  );
}

function LabelRow({
  label,
  onSave,
}: {
  label: Label;
  onSave: (name: string, colour: LabelColour | null) => Promise<boolean>;
}) {
  const [choice, setChoice] = useState<LabelColour | 'default'>(label.colour ?? 'default');
  const [busy, setBusy] = useState(false);
  const current = label.colour ?? 'default';
  const group = `label-colour-${label.name.toLowerCase()}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    await onSave(label.name, choice === 'default' ? null : choice);
    setBusy(false);
  }

  return (
    <li className="py-3">
      <form onSubmit={(event) => void submit(event)} className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <fieldset className="flex min-w-0 flex-wrap items-center gap-x-4 gap-y-2">
          <legend className="float-left mr-2 flex w-40 items-center gap-2">
            <span className="sr-only">Colour of</span>
            <LabelChip name={label.name} />
            <span className="text-xs text-muted">{count(label.tickets, 'ticket', 'tickets')}</span>
          </legend>
          <div className="flex flex-wrap items-center gap-1.5">
            <Swatch
              group={group}
              value="default"
              hue={labelHueOf(label.name)}
              name="Default (from the name)"
              checked={choice === 'default'}
              onPick={setChoice}
            />
            {labelColours.map((colour) => (
              <Swatch
                key={colour}
                group={group}
                value={colour}
                hue={labelColourHues[colour]}
                name={colourName(colour)}
                checked={choice === colour}
                onPick={setChoice}
              />
            ))}
          </div>
        </fieldset>
        <Button
          type="submit"
          size="sm"
          disabled={busy || choice === current}
          aria-label={`Save colour of ${label.name}`}
        >
          Save
        </Button>
      </form>
    </li>
  );
}

function Swatch({
  group,
  value,
  hue,
  name,
  checked,
  onPick,
}: {
  group: string;
  value: LabelColour | 'default';
  hue: number;
  name: string;
  checked: boolean;
  onPick: (value: LabelColour | 'default') => void;
}) {
  return (
    <input
      type="radio"
      name={group}
      value={value}
      checked={checked}
      onChange={() => onPick(value)}
      aria-label={name}
      title={name}
      data-hue={hue}
      className={cn(
        'label-chip size-6 cursor-pointer appearance-none rounded-full border border-border-strong',
        'checked:ring-2 checked:ring-fg checked:ring-offset-2 checked:ring-offset-surface',
        value === 'default' && 'border-dashed',
      )}
    />
  );
}

/** A colour for a label no ticket carries yet. */
function NewLabelColour({ onSave }: { onSave: (name: string, colour: LabelColour | null) => Promise<boolean> }) {
  const [name, setName] = useState('');
  const [colour, setColour] = useState<LabelColour>('blue');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (await onSave(name.trim(), colour)) setName('');
  }

  return (
    <form
      onSubmit={(event) => void submit(event)}
      className="mt-4 flex flex-wrap items-end gap-3 border-t border-border pt-4"
    >
      <Field label="Another label">
        <Input value={name} onChange={(e) => setName(e.target.value)} required maxLength={32} pattern="[^,]+" />
      </Field>
      <Field label="Colour">
        <Select value={colour} onChange={(e) => setColour(e.target.value as LabelColour)}>
          {labelColours.map((c) => (
            <option key={c} value={c}>
              {colourName(c)}
            </option>
          ))}
        </Select>
      </Field>
      <Button type="submit" variant="secondary">
        Set colour
      </Button>
    </form>
  );
}
