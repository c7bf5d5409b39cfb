// The board-read curve as an SVG: a Vega-Lite spec compiled and rendered headless by vega (its SVG renderer needs
// no canvas). Text widths are estimated without a canvas, which is fine for axis labels.
import * as vega from 'vega';
import { compile } from 'vega-lite';

/** @typedef {import('./render.ts').CurvePoint} CurvePoint one size of bench/results/curve.json */

/**
 * Long-form rows (one per series and size) from bench/results/curve.json's points.
 * @param {CurvePoint[]} points
 */
export function curveRows(points) {
  /** @type {[string, (p: CurvePoint) => number | null | undefined][]} */
  const series = [
    ['GET board p95 (HTTP)', (p) => p.http.p95Ms],
    ['GET board p50 (HTTP)', (p) => p.http.p50Ms],
    ['board read SQL p50 (under RLS)', (p) => p.sql.p50Ms],
    ['1k-ticket board, GET p95', (p) => p.reference.http.p95Ms],
  ];
  return points
    .flatMap((p) => series.map(([name, pick]) => ({ tickets: p.boardTickets, ms: pick(p), series: name })))
    .filter((r) => Number.isFinite(r.ms));
}

/** @param {{ commit?: string | null, finishedAt?: string | null, points: CurvePoint[] }} curve */
export async function curveSvg(curve) {
  /** @type {import('vega-lite').TopLevelSpec} */
  const spec = {
    width: 640,
    height: 320,
    background: 'white',
    title: {
      text: 'Board read latency by tickets on the board',
      subtitle: `${curve.commit ?? ''} · ${curve.finishedAt ?? ''} · one client, PostgreSQL, production server`,
    },
    data: { values: curveRows(curve.points) },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'tickets', type: 'quantitative', title: 'tickets on the board read', axis: { format: ',d' } },
      y: { field: 'ms', type: 'quantitative', title: 'latency (ms)', scale: { zero: true } },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        legend: { orient: 'bottom', columns: 2, labelLimit: 320, columnPadding: 24 },
      },
    },
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
