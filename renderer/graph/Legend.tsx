import { useDeferredValue, useMemo, useState } from 'react';
import { legendClick } from './uplotData';
import { seriesColor } from './uplotOptions';

interface Props {
  names: readonly string[];
  visible: readonly boolean[];
  onChange(visible: boolean[]): void;
}

const FILTER_FROM = 12;
const EMPTY: readonly string[] = [];
const RENDER_MAX = 500;

/**
 * The graph legend: click isolates a series (click again shows all), Ctrl/⌘-click toggles it,
 * as in Grafana and the Prometheus UI. Long legends get a filter and scroll.
 */
export function Legend({ names: namesNow, visible, onChange }: Props) {
  // New series lists render after the chart has drawn: the legend is not on the critical path.
  const names = useDeferredValue(namesNow, EMPTY);
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const idx: number[] = [];
    for (let i = 0; i < names.length; i++) if (f === '' || names[i]!.toLowerCase().includes(f)) idx.push(i);
    return idx;
  }, [names, filter]);
  const hidden = visible.filter((v) => !v).length;

  return (
    <div className="legend-wrap">
      {(names.length >= FILTER_FROM || hidden > 0) && (
        <div className="legend-tools">
          {names.length >= FILTER_FROM && (
            <input className="input input-sm" placeholder={`Filter ${names.length} series…`} value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Filter legend" />
          )}
          {hidden > 0 && (
            <button type="button" className="btn btn-subtle btn-sm" onClick={() => onChange(names.map(() => true))}>
              Show all ({hidden} hidden)
            </button>
          )}
        </div>
      )}
      <ul className="legend" data-testid="legend">
        {shown.slice(0, RENDER_MAX).map((i) => (
          <li key={i}>
            <button
              type="button"
              className={visible[i] === false ? 'legend-item off' : 'legend-item'}
              data-testid="legend-item"
              aria-pressed={visible[i] !== false}
              title="Click to isolate, Ctrl/⌘-click to toggle"
              onClick={(e) => onChange(legendClick(visible, i, e.ctrlKey || e.metaKey || e.shiftKey))}
            >
              <span className="swatch" style={{ background: seriesColor(i) }} />
              <span className="legend-name">{names[i]}</span>
            </button>
          </li>
        ))}
        {shown.length > RENDER_MAX && <li className="muted">… {shown.length - RENDER_MAX} more: filter to find them</li>}
      </ul>
    </div>
  );
}
