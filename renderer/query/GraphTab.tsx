import { useEffect, useMemo, useRef, useState } from 'react';
import { rangeQueryColumns } from '../api/endpoints';
import type { ColumnSeries } from '../api/matrixParser';
import type { QueryStats } from '../../shared/api/query';
import { EmptyState, ErrorAlert, LoadingBar, WarningAlert } from '../components/States';
import { Legend } from '../graph/Legend';
import { UPlotChart } from '../graph/UPlotChart';
import { alignColumns, seriesName, shortSeriesNames, stackData } from '../graph/uplotData';
import { inferUnit, UNIT_LABELS, type UnitChoice } from '../graph/units';
import { formatRange, queryWindow, STEP_CHOICES_MS, autoStepMs, type QueryWindow } from './timeRange';
import type { PanelState } from './panelState';
import { RangePicker } from './RangePicker';
import { QueryHint } from './TableTab';
import { timingText } from './tableData';
import { useQuery } from './useQuery';

interface Props {
  panel: PanelState;
  runId: number;
  onChange(patch: Partial<PanelState>): void;
}

interface RangeResult {
  series: ColumnSeries[];
  stats?: QueryStats | undefined;
  window: QueryWindow;
}

const EMPTY_HIDDEN: ReadonlySet<string> = new Set();

/** The Graph tab: a range query drawn with uPlot, with range, resolution, stacking and units. */
export function GraphTab({ panel, runId, onChange }: Props) {
  const expr = panel.expr.trim();
  const key = expr === '' ? null : JSON.stringify([expr, panel.rangeMs, panel.endMs, panel.stepMs, runId]);
  const q = useQuery<RangeResult>(key, async (signal) => {
    const w = queryWindow(panel.rangeMs, panel.endMs, panel.stepMs, Date.now());
    const r = await rangeQueryColumns(expr, w.startMs, w.endMs, w.stepMs, { signal, markResponse: 'hearth:graph:response' });
    if (r.status !== 'success') return r;
    return { ...r, data: { series: r.data.series, stats: r.data.stats, window: w } };
  });
  // Hidden series are remembered by name, so they stay hidden across refreshes.
  const [hidden, setHidden] = useState<ReadonlySet<string>>(EMPTY_HIDDEN);
  useEffect(() => setHidden(EMPTY_HIDDEN), [expr]);
  const zoomStack = useRef<Array<{ rangeMs: number; endMs: number | null }>>([]);

  const shaped = useMemo(() => {
    if (!q.result) return null;
    const { series, window: w } = q.result.data;
    const { data: raw, sparse } = alignColumns(series, w.startMs / 1000, w.endMs / 1000, w.stepMs / 1000);
    const names = series.map((s) => seriesName(s.metric));
    const shortNames = shortSeriesNames(series.map((s) => s.metric));
    const metricNames = [...new Set(series.map((s) => s.metric['__name__']).filter((n): n is string => !!n))];
    return { raw, sparse, names, shortNames, metricNames };
  }, [q.result]);
  const visible = useMemo(() => shaped?.names.map((n) => !hidden.has(n)) ?? [], [shaped, hidden]);
  const stacked = panel.displayMode === 'stacked';
  const drawData = useMemo(() => (shaped ? (stacked ? stackData(shaped.raw, visible) : shaped.raw) : null), [shaped, stacked, stacked ? visible : null]);
  const unit = panel.unit === 'auto' ? inferUnit(expr, shaped?.metricNames) : panel.unit;

  const zoom = (startMs: number, endMs: number) => {
    zoomStack.current.push({ rangeMs: panel.rangeMs, endMs: panel.endMs });
    onChange({ rangeMs: Math.max(1000, Math.round((endMs - startMs) / 1000) * 1000), endMs: Math.round(endMs / 1000) * 1000 });
  };
  const resetZoom = () => {
    const first = zoomStack.current[0];
    zoomStack.current = [];
    if (first) onChange(first);
  };
  const w = q.result?.data.window;

  return (
    <div className="tab-body">
      <div className="tab-controls">
        <RangePicker
          rangeMs={panel.rangeMs}
          endMs={panel.endMs}
          onChange={(rangeMs, endMs) => {
            zoomStack.current = [];
            onChange({ rangeMs, endMs });
          }}
        />
        <label className="control">
          <span className="control-label">Resolution</span>
          <select
            className="input input-sm"
            aria-label="Resolution"
            value={panel.stepMs ?? 'auto'}
            onChange={(e) => onChange({ stepMs: e.target.value === 'auto' ? null : Number(e.target.value) })}
          >
            <option value="auto">Auto ({formatRange(autoStepMs(panel.rangeMs))})</option>
            {STEP_CHOICES_MS.map((s) => (
              <option key={s} value={s}>
                {formatRange(s)}
              </option>
            ))}
            {panel.stepMs !== null && !STEP_CHOICES_MS.includes(panel.stepMs) && <option value={panel.stepMs}>{formatRange(panel.stepMs)}</option>}
          </select>
        </label>
        <div className="btn-group" role="group" aria-label="Display">
          <button type="button" className={stacked ? 'btn btn-default btn-sm' : 'btn btn-primary btn-sm'} aria-pressed={!stacked} onClick={() => onChange({ displayMode: 'lines' })}>
            Lines
          </button>
          <button type="button" className={stacked ? 'btn btn-primary btn-sm' : 'btn btn-default btn-sm'} aria-pressed={stacked} onClick={() => onChange({ displayMode: 'stacked' })}>
            Stacked
          </button>
        </div>
        <label className="control">
          <span className="control-label">Unit</span>
          <select className="input input-sm" aria-label="Unit" value={panel.unit} onChange={(e) => onChange({ unit: e.target.value as UnitChoice })}>
            {(Object.keys(UNIT_LABELS) as UnitChoice[]).map((u) => (
              <option key={u} value={u}>
                {u === 'auto' ? `Auto (${UNIT_LABELS[unit]})` : UNIT_LABELS[u]}
              </option>
            ))}
          </select>
        </label>
        {zoomStack.current.length > 0 && (
          <button type="button" className="btn btn-subtle btn-sm" onClick={resetZoom}>
            Reset zoom
          </button>
        )}
        <span className="spacer" />
        {q.result && w && (
          <span className="result-meta" data-testid="result-meta">
            {q.result.data.series.length} series · step {formatRange(w.stepMs)} · {timingText(q.result.data.stats, q.result.tookMs)}
          </span>
        )}
      </div>
      <LoadingBar active={q.loading} />
      {q.error && (
        <ErrorAlert>
          {q.error}
          {/range vector/.test(q.error) && ' — a graph needs an instant vector or scalar: use the Table tab for range vectors, or wrap the selector in a function such as rate().'}
        </ErrorAlert>
      )}
      {q.result?.warnings.map((m) => (
        <WarningAlert key={m}>{m}</WarningAlert>
      ))}
      {q.result?.infos.map((m) => (
        <WarningAlert key={m} title="Info">
          {m}
        </WarningAlert>
      ))}
      {expr === '' && <QueryHint />}
      {expr !== '' && shaped && drawData && (
        <div className={q.loading ? 'result stale' : 'result'}>
          {shaped.names.length === 0 ? (
            <EmptyState title="No data in this range">
              The query matched no series between {w ? new Date(w.startMs).toLocaleString() : ''} and {w ? new Date(w.endMs).toLocaleString() : ''}. Try a longer range, or
              check the expression in the Table tab.
            </EmptyState>
          ) : (
            <>
              <UPlotChart
                data={drawData}
                raw={shaped.raw}
                sparse={shaped.sparse}
                names={shaped.names}
                shortNames={shaped.shortNames}
                visible={visible}
                unit={unit}
                stacked={stacked}
                onZoom={zoom}
                onResetZoom={resetZoom}
              />
              <Legend
                names={shaped.names}
                visible={visible}
                onChange={(vis) => {
                  const next = new Set<string>();
                  vis.forEach((v, i) => {
                    if (!v) next.add(shaped.names[i]!);
                  });
                  setHidden(next);
                }}
              />
            </>
          )}
        </div>
      )}
    </div>
  );
}
