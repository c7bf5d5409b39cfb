import { cn } from '../components';

// A small line chart of a few series over time, in plain SVG: the operations page draws a handful of them from a
// few hundred points, which needs no chart library in the bundle. Colours are the design system's tokens.

export type SeriesTone = 'main' | 'bad' | 'limit';

export interface Series {
  name: string;
  values: (number | null)[];
  tone: SeriesTone;
}

// Literal class names, so Tailwind finds them in this file.
const lineClass: Record<SeriesTone, string> = {
  main: 'stroke-accent',
  bad: 'stroke-danger',
  limit: 'stroke-subtle [stroke-dasharray:4_3]',
};
const keyClass: Record<SeriesTone, string> = {
  main: 'bg-accent',
  bad: 'bg-danger',
  limit: 'bg-subtle',
};

const W = 320;
const H = 120;
export const formatValue = (v: number) => (v >= 100 ? Math.round(v).toString() : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const clock = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const latest = (s: Series) => [...s.values].reverse().find((v): v is number => v !== null);

/** The polylines of one series: a null (no data in that interval) breaks the line instead of drawing a zero. */
export function segments(values: (number | null)[], x: (i: number) => number, y: (v: number) => number): string[] {
  const runs: string[][] = [[]];
  values.forEach((v, i) => {
    if (v === null) runs.push([]);
    else runs[runs.length - 1]!.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  });
  return runs.filter((run) => run.length).map((run) => run.join(' '));
}

export function Chart({
  title,
  unit,
  times,
  series,
}: {
  title: string;
  unit: string;
  times: number[];
  series: Series[];
}) {
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = Math.max(1e-9, ...all) * 1.1;
  const t0 = times[0]!;
  const span = Math.max(1, times[times.length - 1]! - t0);
  const x = (i: number) => ((times[i]! - t0) / span) * W;
  const y = (v: number) => H - (v / max) * H;
  const said = (s: Series) => {
    const value = latest(s);
    return value === undefined ? 'no data' : `${formatValue(value)} ${unit}`;
  };
  return (
    <figure className="m-0 min-w-0 rounded-lg border border-border bg-surface p-3" data-chart={title}>
      <figcaption className="mb-2 text-sm font-semibold">{title}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`${title}, latest: ${series.map((s) => `${s.name} ${said(s)}`).join(', ')}`}
        preserveAspectRatio="none"
        className="block h-28 w-full overflow-visible"
      >
        <line x1="0" y1={H} x2={W} y2={H} className="stroke-border" />
        <line x1="0" y1="0" x2={W} y2="0" className="stroke-border [stroke-dasharray:2_4]" />
        {series.map((s) =>
          segments(s.values, x, y).map((points, i) => (
            <polyline
              key={`${s.name}-${i}`}
              points={points}
              data-series={s.name}
              className={cn('fill-none stroke-2 [vector-effect:non-scaling-stroke]', lineClass[s.tone])}
            />
          )),
        )}
      </svg>
      <div className="mt-1 flex justify-between gap-2 text-xs text-muted">
        <span>{clock(t0)}</span>
        <span>
          top {formatValue(max / 1.1)} {unit}
        </span>
        <span>{clock(times[times.length - 1]!)}</span>
      </div>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs">
        {series.map((s) => (
          <li key={s.name} className="flex items-center gap-1.5">
            <span className={cn('inline-block h-0.5 w-3 rounded-full', keyClass[s.tone])} aria-hidden />
            <span className="text-muted">{s.name}:</span> {latest(s) === undefined ? '—' : said(s)}
          </li>
        ))}
      </ul>
    </figure>
  );
}
