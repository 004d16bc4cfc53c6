import { useMemo, useState } from 'react';
import { formatDuration } from '../../shared/duration';
import { rules } from '../api/endpoints';
import { useApi } from '../api/hooks';
import { Icon } from '../components/Icon';
import { LabelBadges } from '../components/Labels';
import { PromQLCode } from '../components/PromQLCode';
import { Badge, EmptyState, ErrorAlert, LoadingBar } from '../components/States';
import { ToggleGroup } from '../components/ToggleGroup';
import { formatRelative, parseApiTime } from '../lib/time';
import { useNow } from '../lib/useNow';
import { ALL_STATES, alertingRules, countStates, filterAlertGroups, sortAlerts, stateTone, type StateFilter } from './alertsData';

/** Alerting rules with their state, and each rule's active alerts. */
export function AlertsPage() {
  const api = useApi('rules-alert', (s) => rules('alert', s), { refreshMs: 10_000 });
  const [states, setStates] = useState<StateFilter>(ALL_STATES);
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const now = useNow(1000);
  const groups = useMemo(() => (api.data ? alertingRules(api.data) : []), [api.data]);
  const counts = useMemo(() => countStates(groups), [groups]);
  const shown = useMemo(() => filterAlertGroups(groups, states, q), [groups, states, q]);

  return (
    <main className="page">
      <div className="page-head">
        <h1>Alerts</h1>
        <div className="toolbar">
          <input className="input" placeholder="Filter by name, expression or label…" aria-label="Filter alerts" value={q} onChange={(e) => setQ(e.target.value)} />
          <ToggleGroup label="State filter" keys={['inactive', 'pending', 'firing'] as const} value={states} onChange={setStates} caption={(s) => `${s} (${counts[s]})`} />
        </div>
      </div>
      <LoadingBar active={api.loading} />
      {api.error && <ErrorAlert>{api.error}</ErrorAlert>}
      {api.data && groups.length === 0 && (
        <EmptyState title="No alerting rules">
          Hearth loads alerting rules from the <code>rule_files</code> of your <code>prometheus.yml</code>, in Prometheus&apos;s rule file format. Add a file with an{' '}
          <code>alert:</code> rule and reload the configuration; its state (inactive, pending, firing) and active alerts show here.
        </EmptyState>
      )}
      {groups.length > 0 && shown.length === 0 && <EmptyState title="No alerting rule matches the filter">Clear the text or enable more states.</EmptyState>}
      {shown.map((g) => (
        <section key={g.file + g.name} className="card">
          <div className="card-title">
            <h2>{g.name}</h2>
            <span className="muted small mono">{g.file}</span>
          </div>
          {g.rules.map((r) => {
            const id = `${g.file}/${g.name}/${r.name}`;
            const isOpen = open.has(id);
            const alerts = sortAlerts(r.alerts ?? []);
            return (
              <div key={id} className={`rule-row rule-${r.state}`} data-testid="alert-rule">
                <button
                  type="button"
                  className="rule-head"
                  aria-expanded={isOpen}
                  onClick={() => {
                    const n = new Set(open);
                    if (isOpen) n.delete(id);
                    else n.add(id);
                    setOpen(n);
                  }}
                >
                  <Icon name={isOpen ? 'chevronDown' : 'chevronRight'} />
                  <strong>{r.name}</strong>
                  <Badge tone={stateTone(r.state)}>{r.state.toUpperCase()}</Badge>
                  {alerts.length > 0 && <span className="muted">{alerts.length} active</span>}
                  {r.health === 'err' && <Badge tone="red">rule error</Badge>}
                </button>
                {isOpen && (
                  <div className="rule-body">
                    <dl className="kv">
                      <dt>expr</dt>
                      <dd>
                        <PromQLCode expr={r.query} />
                      </dd>
                      {r.duration > 0 && (
                        <>
                          <dt>for</dt>
                          <dd>{formatDuration(r.duration * 1000)}</dd>
                        </>
                      )}
                      {r.keepFiringFor > 0 && (
                        <>
                          <dt>keep_firing_for</dt>
                          <dd>{formatDuration(r.keepFiringFor * 1000)}</dd>
                        </>
                      )}
                      {Object.keys(r.labels).length > 0 && (
                        <>
                          <dt>labels</dt>
                          <dd>
                            <LabelBadges labels={r.labels} />
                          </dd>
                        </>
                      )}
                      {Object.entries(r.annotations).map(([k, v]) => (
                        <span key={k} className="kv-pair">
                          <dt>{k}</dt>
                          <dd>{v}</dd>
                        </span>
                      ))}
                      {r.lastError && (
                        <>
                          <dt>error</dt>
                          <dd className="text-error">{r.lastError}</dd>
                        </>
                      )}
                    </dl>
                    {alerts.length === 0 ? (
                      <p className="muted">No active alerts: the expression returns nothing right now.</p>
                    ) : (
                      <table className="table">
                        <thead>
                          <tr>
                            <th>Labels</th>
                            <th>State</th>
                            <th>Active since</th>
                            <th className="num">Value</th>
                          </tr>
                        </thead>
                        <tbody>
                          {alerts.map((a) => (
                            <tr key={JSON.stringify(a.labels)}>
                              <td>
                                <LabelBadges labels={a.labels} omit={['alertname']} />
                                {Object.keys(a.annotations).length > 0 && (
                                  <dl className="kv small">
                                    {Object.entries(a.annotations).map(([k, v]) => (
                                      <span key={k} className="kv-pair">
                                        <dt>{k}</dt>
                                        <dd>{v}</dd>
                                      </span>
                                    ))}
                                  </dl>
                                )}
                              </td>
                              <td>
                                <Badge tone={stateTone(a.state)}>{a.state.toUpperCase()}</Badge>
                              </td>
                              <td className="nowrap" title={a.activeAt}>
                                {a.activeAt ? formatRelative(parseApiTime(a.activeAt), now) : '—'}
                              </td>
                              <td className="num mono">{a.value}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    )}
                  </div>
                )}
              </div>
            );
          })}
        </section>
      ))}
    </main>
  );
}
