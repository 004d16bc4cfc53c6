/**
 * uPlot options for a query graph: one series per result series with a stable colour, axes
 * in the graph's unit, gaps left open, stacked areas as bands. Pure apart from the plugins
 * passed in.
 */

import type uPlot from 'uplot';
import { formatValue, type Unit } from './units';

// A palette that reads on light and dark backgrounds; beyond it, hues spread by the golden angle.
const PALETTE = [
  '#1971c2', '#e8590c', '#2f9e44', '#c2255c', '#7048e8', '#0c8599', '#f08c00', '#5c940d',
  '#d6336c', '#1098ad', '#ae3ec9', '#74b816', '#f76707', '#4263eb', '#e03131', '#099268',
];

export function seriesColor(i: number): string {
  if (i < PALETTE.length) return PALETTE[i]!;
  return `hsl(${Math.round((i * 137.508) % 360)}, 62%, 48%)`;
}

/** `color` with alpha, for stacked fills (hex or hsl input). */
export function withAlpha(color: string, alpha: number): string {
  if (color.startsWith('#')) {
    const n = parseInt(color.slice(1), 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  return color.replace(/^hsl\((.*)\)$/, `hsla($1, ${alpha})`);
}

export interface GraphOptions {
  names: readonly string[];
  width: number;
  height: number;
  dark: boolean;
  unit: Unit;
  stacked: boolean;
  visible: readonly boolean[];
  /** Series whose points are drawn (lone samples between gaps would be invisible as lines). */
  sparse?: readonly boolean[];
  plugins?: uPlot.Plugin[];
  /** Called with the dragged interval in ms; the graph does not zoom by itself. */
  onZoom?(startMs: number, endMs: number): void;
}

export function buildOptions(o: GraphOptions): uPlot.Options {
  const axisColor = o.dark ? '#a6a7ab' : '#495057';
  const gridColor = o.dark ? 'rgba(255,255,255,0.07)' : 'rgba(0,0,0,0.07)';
  const series: uPlot.Series[] = [{}];
  let lowerVisible = 0;
  const bands: uPlot.Band[] = [];
  o.names.forEach((label, i) => {
    const color = seriesColor(i);
    const show = o.visible[i] !== false;
    const s: uPlot.Series = {
      label,
      stroke: color,
      width: 1.25,
      spanGaps: false,
      show,
      points: { show: false },
    };
    if (o.stacked) {
      s.fill = withAlpha(color, 0.3);
      if (show) {
        if (lowerVisible > 0) bands.push({ series: [i + 1, lowerVisible], fill: withAlpha(color, 0.3) });
        lowerVisible = i + 1;
      }
    }
    series.push(s);
  });
  for (let i = 1; i < series.length; i++) {
    series[i]!.points = { show: o.sparse?.[i - 1] === true, size: 4, fill: seriesColor(i - 1) };
  }
  const opts: uPlot.Options = {
    width: o.width,
    height: o.height,
    legend: { show: false },
    cursor: {
      drag: { x: true, y: false, setScale: false },
      focus: { prox: 24 },
      // Hover dots are one element per series, moved on every mouse move: above a few dozen
      // series they cost more than they show (the tooltip lists the values).
      points: { size: 6, show: o.names.length <= 32 },
    },
    focus: { alpha: 0.35 },
    scales: { x: { time: true } },
    series,
    bands: o.stacked ? bands : [],
    axes: [
      { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor, width: 1 } },
      {
        stroke: axisColor,
        grid: { stroke: gridColor, width: 1 },
        ticks: { stroke: gridColor, width: 1 },
        // Wide enough for the longest label ("95.4 MiB/s"), measured in characters.
        size: (_u, values) => axisSize(values),
        values: (_u, splits) => splits.map((v) => formatValue(v, o.unit)),
      },
    ],
    plugins: o.plugins ?? [],
    hooks: {
      setSelect: [
        (u) => {
          const sel = u.select;
          if (sel.width < 4 || !o.onZoom) return;
          const min = u.posToVal(sel.left, 'x');
          const max = u.posToVal(sel.left + sel.width, 'x');
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          o.onZoom(Math.round(min * 1000), Math.round(max * 1000));
        },
      ],
    },
  };
  if (o.stacked) {
    // Areas fill down to zero rather than to the lowest value, and the axis shows that zero.
    for (let i = 1; i < series.length; i++) series[i]!.fillTo = 0;
    opts.scales!['y'] = { range: (_u, min, max) => stackedRange(min, max) };
  }
  return opts;
}

/** The y axis width for its tick labels: about 7 px per character at 12 px, plus the tick. */
export function axisSize(values: readonly string[] | null | undefined): number {
  let longest = 0;
  for (const v of values ?? []) if (v.length > longest) longest = v.length;
  return Math.max(40, Math.ceil(longest * 7.2) + 18);
}

/** The y range of a stacked graph: always including 0, with a little headroom. */
export function stackedRange(min: number | null, max: number | null): [number, number] {
  const lo = Math.min(0, min ?? 0);
  const hi = Math.max(0, max ?? 1);
  const pad = (hi - lo) * 0.05 || 1;
  return [lo < 0 ? lo - pad : 0, hi > 0 ? hi + pad : 0 + (lo < 0 ? 0 : 1)];
}
