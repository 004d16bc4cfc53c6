import { useEffect, useLayoutEffect, useRef } from 'react';
import uPlot from 'uplot';
import { useTheme } from '../app/theme';
import { tooltipPlugin } from './tooltipPlugin';
import type { AlignedData } from './uplotData';
import { buildOptions } from './uplotOptions';
import type { Unit } from './units';

interface Props {
  /** What to draw (stacked already when `stacked`). */
  data: AlignedData;
  /** Unstacked values, for the tooltip. */
  raw: AlignedData;
  names: readonly string[];
  /** Names without the labels all series share, for the tooltip. */
  shortNames: readonly string[];
  sparse: readonly boolean[];
  visible: readonly boolean[];
  unit: Unit;
  stacked: boolean;
  height?: number;
  onZoom?(startMs: number, endMs: number): void;
  onResetZoom?(): void;
}

/**
 * A thin wrapper around uPlot: all shaping happens in uplotData/uplotOptions. The plot is
 * rebuilt when the data or its presentation changes; visibility changes of an unstacked graph
 * only toggle series, in one batch, so hundreds of series stay responsive.
 */
export function UPlotChart({ data, raw, names, shortNames, sparse, visible, unit, stacked, height = 340, onZoom, onResetZoom }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const live = useRef({ raw, shortNames, visible, unit, onZoom, onResetZoom });
  live.current = { raw, shortNames, visible, unit, onZoom, onResetZoom };
  const dark = useTheme((s) => s.theme === 'dark');

  // A layout effect, so the plot is built and drawn in the same frame as the DOM it lives in
  // (a passive effect would wait for the next paint after a fetch-driven render).
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    let firstDraw = true;
    const opts = buildOptions({
      names,
      width: el.clientWidth || 800,
      height,
      dark,
      unit,
      stacked,
      sparse,
      visible: live.current.visible,
      onZoom: (a, b) => live.current.onZoom?.(a, b),
      plugins: [
        tooltipPlugin({
          raw: () => live.current.raw,
          names: () => live.current.shortNames,
          visible: () => live.current.visible,
          unit: () => live.current.unit,
        }),
        {
          hooks: {
            draw: () => {
              if (!firstDraw) return;
              firstDraw = false;
              // The console benchmark measures from the response to this mark.
              performance.clearMarks('hearth:graph:drawn');
              performance.mark('hearth:graph:drawn');
            },
          },
        },
      ],
    });
    const plot = new uPlot(opts, data as unknown as uPlot.AlignedData, el);
    plotRef.current = plot;
    const onDbl = () => live.current.onResetZoom?.();
    plot.over.addEventListener('dblclick', onDbl);
    const ro = new ResizeObserver(() => {
      if (el.clientWidth > 0 && el.clientWidth !== plot.width) plot.setSize({ width: el.clientWidth, height });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.over.removeEventListener('dblclick', onDbl);
      plot.destroy();
      plotRef.current = null;
    };
    // `visible` is applied below without a rebuild.
  }, [data, names, sparse, unit, stacked, height, dark]);

  useEffect(() => {
    const plot = plotRef.current;
    if (!plot) return;
    plot.batch(() => {
      for (let i = 0; i < visible.length; i++) {
        const show = visible[i] !== false;
        if (plot.series[i + 1] && plot.series[i + 1]!.show !== show) plot.setSeries(i + 1, { show });
      }
    });
  }, [visible]);

  return <div className="chart" ref={ref} data-testid="chart" />;
}
