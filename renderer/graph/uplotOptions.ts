/**
 * uPlot options for a query graph: one series per result series with a stable colour, SI
 * formatted axes, gaps left open. Pure.
 */

import type uPlot from 'uplot';
import { formatSI } from '../../shared/format';

// A palette that reads on both light and dark backgrounds.
const PALETTE = [
  '#1971c2', '#e8590c', '#2f9e44', '#c2255c', '#7048e8', '#0c8599', '#f08c00', '#5c940d',
  '#d6336c', '#1098ad', '#ae3ec9', '#74b816', '#f76707', '#4263eb', '#e03131', '#099268',
];

export function seriesColor(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

export function buildOptions(names: readonly string[], width: number, height: number, dark: boolean): uPlot.Options {
  const axisColor = dark ? '#c1c2c5' : '#495057';
  const gridColor = dark ? 'rgba(255,255,255,0.08)' : 'rgba(0,0,0,0.07)';
  return {
    width,
    height,
    legend: { show: false },
    cursor: { drag: { x: true, y: false } },
    scales: { x: { time: true } },
    axes: [
      { stroke: axisColor, grid: { stroke: gridColor }, ticks: { stroke: gridColor } },
      {
        stroke: axisColor,
        grid: { stroke: gridColor },
        ticks: { stroke: gridColor },
        size: 60,
        values: (_u, splits) => splits.map((v) => formatSI(v)),
      },
    ],
    series: [
      {},
      ...names.map((label, i) => ({
        label,
        stroke: seriesColor(i),
        width: 1.25,
        spanGaps: false,
        // uPlot's default shows points only where they are sparse, so lone samples stay visible.
      })),
    ],
  };
}
