import { useMemo, useState } from 'react';
import { formatDuration } from '../../shared/duration';
import { Dialog } from '../components/Dialog';
import { rules } from '../api/endpoints';
import { useApi } from '../api/hooks';
import { LabelBadges } from '../components/Labels';
import { PromQLCode } from '../components/PromQLCode';
import { Badge, EmptyState, ErrorAlert, LoadingBar } from '../components/States';
import { ToggleGroup } from '../components/ToggleGroup';
import { formatRelative, formatSeconds, parseApiTime } from '../lib/time';
import { useNow } from '../lib/useNow';
import { BacktestPanel } from './BacktestPanel';
import { useUrlFilters } from '../alerts/useUrlFilters';
import { healthTone, restoredNote, rulesFiltersFromSearch, rulesFiltersToSearch, summarizeGroups } from './rulesData';
import { alertingRuleYaml, NEW_RULE_YAML } from './ruleYaml';
import './rules.css';

interface Backtesting {
  title: string;
  yaml: string;
  interval: string;
  /** Remounts the panel for each rule, so a new rule starts from its own YAML. */
  key: number;
}

/** Rule groups: each rule's health, last evaluation, its duration and error; alerting rules can be backtested. */
export function RulesPage() {
  const api = useApi('rules', (s) => rules(undefined, s), { refreshMs: 10_000 });
  const [filters, setFilters] = useUrlFilters(rulesFiltersFromSearch, rulesFiltersToSearch);
  const { health, q } = filters;
  const [backtest, setBacktest] = useState<Backtesting | null>(null);
  const now = useNow(1000);
  const groups = useMemo(() => (api.data ? summarizeGroups(api.data.groups, health, q) : []), [api.data, health, q]);

  return (
    <main className="page">
      <div className="page-head">
        <h1>Rules</h1>
        <div className="toolbar">
          <input className="input" placeholder="Filter by rule name or expression…" aria-label="Filter rules" value={q} onChange={(e) => setFilters({ ...filters, q: e.target.value })} />
          <ToggleGroup label="Health filter" keys={['ok', 'err', 'unknown'] as const} value={health} onChange={(h) => setFilters({ ...filters, health: h })} />
          <span className="spacer" />
          <button type="button" className="btn btn-sm btn-default" onClick={() => setBacktest({ title: 'Backtest a new alerting rule', yaml: NEW_RULE_YAML, interval: '', key: Date.now() })}>
            Try a rule on history…
          </button>
        </div>
      </div>
      <LoadingBar active={api.loading} />
      {api.error && <ErrorAlert>{api.error}</ErrorAlert>}
      {api.data && api.data.groups.length === 0 && (
        <EmptyState title="No rule groups">
          Recording and alerting rules come from the <code>rule_files</code> listed in <code>prometheus.yml</code>, in Prometheus&apos;s rule file format (check them with{' '}
          <code>promtool check rules</code>). Add them and reload the configuration to see each group&apos;s health and evaluation times here.
        </EmptyState>
      )}
      {api.data && api.data.groups.length > 0 && groups.length === 0 && <EmptyState title="No rule matches the filter">Clear the text or enable more health states.</EmptyState>}
      {groups.map(({ group: g, rules: rs, err }) => (
        <section key={g.file + g.name} className="card" data-testid="rule-group">
          <div className="card-title">
            <h2>{g.name}</h2>
            <span className="muted small mono">{g.file}</span>
            <span className="spacer" />
            {err > 0 && <Badge tone="red">{err} failing</Badge>}
            {g.limit > 0 && <span className="muted small">limit {g.limit}</span>}
            <span className="muted small">
              every {formatDuration(Math.round(g.interval * 1000))} · last run {formatRelative(parseApiTime(g.lastEvaluation), now)} · took {formatSeconds(g.evaluationTime)}
            </span>
          </div>
          <table className="table">
            <thead>
              <tr>
                <th>Rule</th>
                <th>Health</th>
                <th>Last evaluation</th>
                <th>Took</th>
              </tr>
            </thead>
            <tbody>
              {rs.map((r) => (
                <tr key={r.type + r.name + r.query} data-testid="rule" data-rule={r.name}>
                  <td>
                    <div className="rule-def mono">
                      <span className="muted">{r.type === 'alerting' ? 'alert:' : 'record:'}</span> <strong>{r.name}</strong>
                    </div>
                    <div className="rule-def mono">
                      <span className="muted">expr:</span> <PromQLCode expr={r.query} />
                    </div>
                    {r.type === 'alerting' && r.duration > 0 && (
                      <div className="rule-def mono">
                        <span className="muted">for:</span> {formatDuration(r.duration * 1000)}
                      </div>
                    )}
                    {r.type === 'alerting' && r.keepFiringFor > 0 && (
                      <div className="rule-def mono">
                        <span className="muted">keep_firing_for:</span> {formatDuration(r.keepFiringFor * 1000)}
                      </div>
                    )}
                    {r.labels && Object.keys(r.labels).length > 0 && <LabelBadges labels={r.labels} />}
                    {r.type === 'alerting' &&
                      Object.entries(r.annotations).map(([k, v]) => (
                        <div key={k} className="rule-def mono small">
                          <span className="muted">{k}:</span> {v}
                        </div>
                      ))}
                    {r.lastError && (
                      <div className="text-error small" data-testid="rule-error">
                        {r.lastError}
                      </div>
                    )}
                    {restoredNote(r, now) && (
                      <div className="rule-note" data-testid="rule-restored" title={r.type === 'alerting' ? r.restored?.at : undefined}>
                        {restoredNote(r, now)}: their pending and firing state survived the restart
                      </div>
                    )}
                    {r.type === 'alerting' && (
                      <div className="rule-actions">
                        <button
                          type="button"
                          className="btn btn-sm btn-default"
                          onClick={() => setBacktest({ title: `Backtest ${r.name}`, yaml: alertingRuleYaml(r), interval: g.interval > 0 ? formatDuration(Math.round(g.interval * 1000)) : '', key: Date.now() })}
                        >
                          Backtest…
                        </button>
                      </div>
                    )}
                  </td>
                  <td>
                    <Badge tone={healthTone(r.health)}>{r.health.toUpperCase()}</Badge>
                  </td>
                  <td className="nowrap" title={r.lastEvaluation}>
                    {formatRelative(parseApiTime(r.lastEvaluation), now)}
                  </td>
                  <td className="nowrap">{formatSeconds(r.evaluationTime)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <Dialog open={backtest !== null} title={backtest?.title ?? 'Backtest'} wide onClose={() => setBacktest(null)}>
        {backtest && <BacktestPanel key={backtest.key} initialRule={backtest.yaml} initialInterval={backtest.interval} />}
      </Dialog>
    </main>
  );
}
