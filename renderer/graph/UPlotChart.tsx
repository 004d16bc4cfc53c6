import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import { buildOptions } from './uplotOptions';
import type { AlignedData } from './uplotData';

interface Props {
  data: AlignedData;
  names: readonly string[];
  height?: number;
}

/** A thin wrapper: all shaping happens in uplotData/uplotOptions. */
export function UPlotChart({ data, names, height = 320 }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
    const plot = new uPlot(buildOptions(names, el.clientWidth || 800, height, dark), data as uPlot.AlignedData, el);
    const ro = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [data, names, height]);
  return <div className="chart" ref={ref} data-testid="chart" />;
}
