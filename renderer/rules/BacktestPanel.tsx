import { useEffect, useRef, useState } from 'react';
import type { BacktestData } from '../../shared/api/alertHistory';
import { formatDuration } from '../../shared/duration';
import { formatAlertValue } from '../alerts/alertsData';
import { AlertTimelines, TimelineBar, TimelineLegend } from '../alerts/Timeline';
import { errorText } from '../api/client';
import { backtestRule } from '../api/endpoints';
import { LabelBadges } from '../components/Labels';
import { EmptyState, ErrorAlert, LoadingBar } from '../components/States';
import { formatLocal, fromLocalInput, parseApiTime, toLocalInput } from '../lib/time';
import { backtestTimeline, checkBacktestForm, type FormField } from './backtestData';
import './rules.css';

const PRESETS: ReadonlyArray<[string, number]> = [
  ['6h', 6 * 3_600_000],
  ['1d', 86_400_000],
  ['3d', 3 * 86_400_000],
  ['7d', 7 * 86_400_000],
];

/** Rows of the alert table; a rule with thousands of alerts still renders quickly. */
const MAX_ALERT_ROWS = 200;

interface Ran {
  data: BacktestData;
  startMs: number;
  endMs: number;
}

/**
 * Try an alerting rule on stored data: the rule's YAML (pre-filled from a saved rule, or typed),
 * a range and an interval; the core evaluates it as the live rule would and answers when it
 * would have gone pending, fired and resolved.
 */
export function BacktestPanel({ initialRule, initialInterval = '' }: { initialRule: string; initialInterval?: string }) {
  const [rule, setRule] = useState(initialRule);
  const [start, setStart] = useState(() => toLocalInput(Date.now() - 86_400_000));
  const [end, setEnd] = useState(() => toLocalInput(Date.now()));
  const [interval, setEvalInterval] = useState(initialInterval);
  const [errors, setErrors] = useState<Partial<Record<FormField, string>>>({});
  const [running, setRunning] = useState(false);
  const [apiError, setApiError] = useState<string | null>(null);
  const [ran, setRan] = useState<Ran | null>(null);
  const ctl = useRef<AbortController | null>(null);
  useEffect(() => () => ctl.current?.abort(), []);

  const run = async () => {
    const startMs = fromLocalInput(start);
    const endMs = fromLocalInput(end);
    const checked = checkBacktestForm({ rule, startMs, endMs, interval }, Date.now());
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    ctl.current?.abort();
    const c = (ctl.current = new AbortController());
    setRunning(true);
    setApiError(null);
    try {
      const r = await backtestRule(checked.request, c.signal);
      if (c.signal.aborted) return;
      if (r.status === 'success') setRan({ data: r.data, startMs: startMs!, endMs: endMs! });
      else setApiError(errorText(r));
    } catch (err) {
      if ((err as Error).name !== 'AbortError') setApiError(String(err));
    } finally {
      if (!c.signal.aborted) setRunning(false);
    }
  };

  const preset = (ms: number) => {
    const now = Date.now();
    setStart(toLocalInput(now - ms));
    setEnd(toLocalInput(now));
  };

  return (
    <div className="backtest" data-testid="backtest">
      <label className="backtest-field">
        <span className="control-label">Alerting rule (YAML, as in a rule file&apos;s rules: list)</span>
        <textarea
          className="input backtest-rule mono"
          aria-label="Rule YAML"
          spellCheck={false}
          rows={Math.min(18, Math.max(6, rule.split('\n').length + 1))}
          value={rule}
          aria-invalid={errors.rule ? true : undefined}
          onChange={(e) => setRule(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void run();
          }}
        />
        {errors.rule && <span className="text-error small">{errors.rule}</span>}
      </label>
      <div className="toolbar backtest-range">
        <label className="control">
          <span className="control-label">From</span>
          <input type="datetime-local" step={1} className="input input-sm" aria-label="Backtest start" value={start} aria-invalid={errors.start ? true : undefined} onChange={(e) => setStart(e.target.value)} />
        </label>
        <label className="control">
          <span className="control-label">To</span>
          <input type="datetime-local" step={1} className="input input-sm" aria-label="Backtest end" value={end} aria-invalid={errors.end ? true : undefined} onChange={(e) => setEnd(e.target.value)} />
        </label>
        <div className="btn-group" role="group" aria-label="Backtest range presets">
          {PRESETS.map(([name, ms]) => (
            <button key={name} type="button" className="btn btn-sm btn-default" onClick={() => preset(ms)}>
              Last {name}
            </button>
          ))}
        </div>
        <label className="control">
          <span className="control-label">Interval</span>
          <input className="input input-sm backtest-interval" aria-label="Evaluation interval" placeholder="global" value={interval} aria-invalid={errors.interval ? true : undefined} onChange={(e) => setEvalInterval(e.target.value)} />
        </label>
        <span className="spacer" />
        <button type="button" className="btn btn-sm btn-primary" onClick={() => void run()} disabled={running} title="Run the backtest (Ctrl+Enter in the rule)">
          {running ? 'Evaluating…' : 'Backtest'}
        </button>
      </div>
      {(errors.start || errors.end || errors.interval) && (
        <div className="text-error small" role="alert">
          {[errors.start, errors.end, errors.interval].filter(Boolean).join('; ')}
        </div>
      )}
      <LoadingBar active={running} />
      {apiError && <ErrorAlert title="Backtest failed">{apiError}</ErrorAlert>}
      {ran && <BacktestResult ran={ran} />}
    </div>
  );
}

function BacktestResult({ ran }: { ran: Ran }) {
  const { data, startMs, endMs } = ran;
  const r = backtestTimeline(data, startMs, endMs);
  const n = r.alerts.length;
  return (
    <div className="backtest-result" data-testid="backtest-result">
      <p className="backtest-summary" data-testid="backtest-summary">
        <strong>{data.rule}</strong>: {data.evaluations} evaluations every {formatDuration(Math.round(data.interval * 1000))} from {formatLocal(startMs)} to {formatLocal(endMs)}.{' '}
        {n === 0
          ? 'It would never have gone pending.'
          : `${n} alert${n === 1 ? '' : 's'} would have gone pending, ${r.fired} fired${r.firingMs > 0 ? ` (${formatDuration(Math.max(1000, Math.round(r.firingMs / 1000) * 1000))} firing in all)` : ''}, ${r.activeAtEnd} still active at the end.`}
      </p>
      {data.errors.length > 0 && (
        <ErrorAlert title={`${data.errors.length === 1 ? 'An evaluation' : 'Evaluations'} failed`}>
          <ul className="backtest-errors" data-testid="backtest-errors">
            {data.errors.map((e, i) => (
              <li key={i}>
                <span className="muted">{formatLocal(parseApiTime(e.time))}</span> {e.error}
              </li>
            ))}
          </ul>
        </ErrorAlert>
      )}
      {n === 0 ? (
        <EmptyState title="No alerts in this range">The expression returned nothing at every evaluation: try a longer range, or check the expression on the Query page.</EmptyState>
      ) : (
        <>
          <div className="tl-grid">
            <div className="tl-labels small muted">
              All alerts <TimelineLegend />
            </div>
            <TimelineBar spans={r.merged} startMs={startMs} endMs={endMs} label="all alerts of the backtest" />
          </div>
          <AlertTimelines alerts={r.alerts} startMs={startMs} endMs={endMs} omitLabels={['alertname']} />
          <table className="table" data-testid="backtest-alerts">
            <thead>
              <tr>
                <th>Labels and annotations</th>
                <th>Pending</th>
                <th>Fired</th>
                <th>Resolved</th>
                <th className="num">Value</th>
              </tr>
            </thead>
            <tbody>
              {data.alerts.slice(0, MAX_ALERT_ROWS).map((a, i) => (
                <tr key={i}>
                  <td>
                    <LabelBadges labels={a.labels} omit={['alertname']} />
                    {Object.keys(a.annotations).length > 0 && (
                      <dl className="kv small">
                        {Object.entries(a.annotations).map(([k, v]) => (
                          <span key={k} className="kv-pair">
                            <dt>{k}</dt>
                            <dd className="annotation-value">{v}</dd>
                          </span>
                        ))}
                      </dl>
                    )}
                  </td>
                  <td className="nowrap">{formatLocal(parseApiTime(a.activeAt))}</td>
                  <td className="nowrap">{a.firedAt ? formatLocal(parseApiTime(a.firedAt)) : <span className="muted">never</span>}</td>
                  <td className="nowrap">{a.resolvedAt ? formatLocal(parseApiTime(a.resolvedAt)) : <span className="muted">still active</span>}</td>
                  <td className="num mono" title={a.value}>
                    {formatAlertValue(a.value)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.alerts.length > MAX_ALERT_ROWS && <p className="muted small">and {data.alerts.length - MAX_ALERT_ROWS} more alerts; the “All alerts” bar counts them all.</p>}
        </>
      )}
    </div>
  );
}
