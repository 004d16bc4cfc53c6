import { instantQuery } from '../api/endpoints';
import { EmptyState, ErrorAlert, LoadingBar, WarningAlert } from '../components/States';
import { formatLocal, fromLocalInput, toLocalInput } from '../lib/time';
import { DataTable } from './DataTable';
import type { PanelState } from './panelState';
import { resultSummary, timingText } from './tableData';
import { useQuery } from './useQuery';

interface Props {
  panel: PanelState;
  runId: number;
  onChange(patch: Partial<PanelState>): void;
}

/** The Table tab: the expression evaluated at one instant (now, or the chosen time). */
export function TableTab({ panel, runId, onChange }: Props) {
  const expr = panel.expr.trim();
  const key = expr === '' ? null : JSON.stringify([expr, panel.momentMs, runId]);
  const q = useQuery(key, (signal) => instantQuery(expr, panel.momentMs, { signal }));

  return (
    <div className="tab-body">
      <div className="tab-controls">
        <label className="control">
          <span className="control-label">Evaluation time</span>
          <input
            type="datetime-local"
            step={1}
            className="input input-sm"
            aria-label="Evaluation time"
            value={panel.momentMs === null ? '' : toLocalInput(panel.momentMs)}
            onChange={(e) => onChange({ momentMs: fromLocalInput(e.target.value) })}
          />
        </label>
        {panel.momentMs !== null && (
          <button type="button" className="btn btn-subtle btn-sm" onClick={() => onChange({ momentMs: null })}>
            Now
          </button>
        )}
        <span className="spacer" />
        {q.result && (
          <span className="result-meta" data-testid="result-meta">
            {resultSummary(q.result.data)} · {timingText(q.result.data.stats, q.result.tookMs)}
            {panel.momentMs === null ? '' : ` · at ${formatLocal(panel.momentMs)}`}
          </span>
        )}
      </div>
      <LoadingBar active={q.loading} />
      {q.error && <ErrorAlert>{q.error}</ErrorAlert>}
      {q.result?.warnings.map((w) => (
        <WarningAlert key={w}>{w}</WarningAlert>
      ))}
      {q.result?.infos.map((w) => (
        <WarningAlert key={w} title="Info">
          {w}
        </WarningAlert>
      ))}
      {expr === '' ? (
        <QueryHint />
      ) : q.result ? (
        <div className={q.loading ? 'result stale' : 'result'}>
          <DataTable data={q.result.data} />
        </div>
      ) : null}
    </div>
  );
}

export function QueryHint() {
  return (
    <EmptyState title="No query yet">
      Type a PromQL expression above and press <kbd>Enter</kbd>. Try <code>up</code> to see every target Hearth scrapes, <code>node_load1</code> for this
      machine&apos;s load, or <code>rate(node_cpu_seconds_total[5m])</code> for CPU use. Completion offers metric names, labels and functions as you type.
    </EmptyState>
  );
}
