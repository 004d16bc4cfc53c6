import { useMemo, useState } from 'react';
import type { ApiResponse } from '../../shared/api/envelope';
import { formatDuration } from '../../shared/duration';
import { alertHistory, rules } from '../api/endpoints';
import { useApi } from '../api/hooks';
import { Icon } from '../components/Icon';
import { LabelBadges } from '../components/Labels';
import { PromQLCode } from '../components/PromQLCode';
import { Badge, EmptyState, ErrorAlert, LoadingBar, WarningAlert } from '../components/States';
import { ToggleGroup } from '../components/ToggleGroup';
import { formatLocal, formatRelative, parseApiTime } from '../lib/time';
import { useNow } from '../lib/useNow';
import {
  alertCounts,
  alertingRules,
  countStates,
  filterAlertGroups,
  filtersFromSearch,
  filtersToSearch,
  formatAlertValue,
  HISTORY_SPANS,
  sortAlerts,
  stateTone,
  type AlertGroup,
  type HistorySpan,
} from './alertsData';
import { readHistory, type HistoryRead } from './historyPages';
import { AlertTimelines, TimelineBar, TimelineLegend } from './Timeline';
import { historyTimelines, ruleKey, type RuleTimeline } from './timeline';
import { useUrlFilters } from './useUrlFilters';
import type { Alert, AlertingRule } from '../../shared/api/rules';

type HistoryWindow = HistoryRead & { startMs: number; endMs: number };

/** The history of every rule over the chosen span, read page by page (one request per page, never one per rule). */
function useHistory(span: HistorySpan, enabled: boolean) {
  return useApi<HistoryWindow>(
    `alert-history-${span}`,
    async (signal): Promise<ApiResponse<HistoryWindow>> => {
      const endMs = Date.now();
      const startMs = endMs - HISTORY_SPANS[span];
      const r = await readHistory((q) => alertHistory(q, signal), { startMs, endMs });
      return r.status === 'success' ? { ...r, data: { ...r.data, startMs, endMs } } : r;
    },
    { refreshMs: 60_000, enabled },
  );
}

function currentAlerts(groups: readonly AlertGroup[]): Map<string, Alert[]> {
  const m = new Map<string, Alert[]>();
  for (const g of groups) for (const r of g.rules) if (r.alerts && r.alerts.length > 0) m.set(ruleKey(`${g.file};${g.name}`, r.name), r.alerts);
  return m;
}

function historySummary(t: RuleTimeline | undefined, span: HistorySpan): string {
  if (!t || t.merged.length === 0) return `quiet for ${span}`;
  if (t.firingMs === 0) return `pending only, ${span}`;
  const d = formatDuration(Math.max(1000, Math.round(t.firingMs / 60_000) * 60_000));
  return t.firings > 0 ? `fired ${t.firings}× · ${d} firing` : `${d} firing`;
}

/** Alerting rules with their state, each rule's active alerts, and when they fired over the last days. */
export function AlertsPage() {
  const api = useApi('rules-alert', (s) => rules('alert', s), { refreshMs: 10_000 });
  const [filters, setFilters] = useUrlFilters(filtersFromSearch, filtersToSearch);
  const history = useHistory(filters.span, (api.data?.groups.length ?? 0) > 0);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const now = useNow(1000);
  const groups = useMemo(() => (api.data ? alertingRules(api.data) : []), [api.data]);
  const counts = useMemo(() => countStates(groups), [groups]);
  const shown = useMemo(() => filterAlertGroups(groups, filters.states, filters.q), [groups, filters.states, filters.q]);
  const timelines = useMemo(
    () => (history.data ? historyTimelines(history.data.entries, { startMs: history.data.startMs, endMs: history.data.endMs, current: currentAlerts(groups) }) : null),
    [history.data, groups],
  );
  const win = history.data;

  return (
    <main className="page">
      <div className="page-head">
        <h1>Alerts</h1>
        <div className="toolbar">
          <input className="input" placeholder="Filter by name, expression or label…" aria-label="Filter alerts" value={filters.q} onChange={(e) => setFilters({ ...filters, q: e.target.value })} />
          <ToggleGroup label="State filter" keys={['inactive', 'pending', 'firing'] as const} value={filters.states} onChange={(states) => setFilters({ ...filters, states })} caption={(s) => `${s} (${counts[s]})`} />
          <label className="check">
            <input type="checkbox" checked={filters.annotations} onChange={(e) => setFilters({ ...filters, annotations: e.target.checked })} />
            Show annotations
          </label>
          <span className="spacer" />
          <span className="control-label">History</span>
          <div className="btn-group" role="group" aria-label="History span">
            {(Object.keys(HISTORY_SPANS) as HistorySpan[]).map((s) => (
              <button key={s} type="button" className={filters.span === s ? 'btn btn-sm btn-primary' : 'btn btn-sm btn-default'} aria-pressed={filters.span === s} onClick={() => setFilters({ ...filters, span: s })}>
                {s === '1d' ? '1 day' : '7 days'}
              </button>
            ))}
          </div>
          <TimelineLegend />
        </div>
      </div>
      <LoadingBar active={api.loading} />
      {api.error && <ErrorAlert>{api.error}</ErrorAlert>}
      {history.error && groups.length > 0 && <WarningAlert title="Alert history unavailable">{history.error}</WarningAlert>}
      {history.data?.truncated && (
        <WarningAlert title="History truncated">
          Only {history.data.entries.length} state changes of the last {filters.span} were read ({history.data.pages} pages); rules whose changes were not read look quieter than they were. Choose a shorter span.
        </WarningAlert>
      )}
      {api.data && groups.length === 0 && (
        <EmptyState title="No alerting rules">
          Hearth loads alerting rules from the <code>rule_files</code> of your <code>prometheus.yml</code>, in Prometheus&apos;s rule file format. Add a file with an{' '}
          <code>alert:</code> rule and reload the configuration; its state (inactive, pending, firing) and active alerts show here.
        </EmptyState>
      )}
      {groups.length > 0 && shown.length === 0 && <EmptyState title="No alerting rule matches the filter">Clear the text or enable more states.</EmptyState>}
      {shown.map((g) => {
        const gc = countStates([g]);
        return (
          <section key={g.file + g.name} className="card" data-testid="alert-group">
            <div className="card-title">
              <h2>{g.name}</h2>
              <span className="muted small mono">{g.file}</span>
              <span className="spacer" />
              <span className="group-counts">
                {gc.firing > 0 && <Badge tone="red">firing ({gc.firing})</Badge>}
                {gc.pending > 0 && <Badge tone="yellow">pending ({gc.pending})</Badge>}
                {gc.inactive > 0 && <Badge tone="green">inactive ({gc.inactive})</Badge>}
              </span>
            </div>
            {g.rules.map((r) => {
              const id = `${g.file}/${g.name}/${r.name}`;
              const t = timelines?.get(ruleKey(`${g.file};${g.name}`, r.name));
              return (
                <RuleRow
                  key={id}
                  rule={r}
                  isOpen={open.has(id)}
                  onToggle={() => {
                    const n = new Set(open);
                    if (n.has(id)) n.delete(id);
                    else n.add(id);
                    setOpen(n);
                  }}
                  timeline={t}
                  window={win ? { startMs: win.startMs, endMs: win.endMs } : null}
                  span={filters.span}
                  showAnnotations={filters.annotations}
                  now={now}
                />
              );
            })}
          </section>
        );
      })}
    </main>
  );
}

interface RowProps {
  rule: AlertingRule;
  isOpen: boolean;
  onToggle(): void;
  timeline: RuleTimeline | undefined;
  window: { startMs: number; endMs: number } | null;
  span: HistorySpan;
  showAnnotations: boolean;
  now: number;
}

function RuleRow({ rule: r, isOpen, onToggle, timeline, window: win, span, showAnnotations, now }: RowProps) {
  const alerts = sortAlerts(r.alerts ?? []);
  const c = alertCounts(r);
  return (
    <div className={`rule-row rule-${r.state}`} data-testid="alert-rule" data-rule={r.name}>
      <button type="button" className="rule-head" aria-expanded={isOpen} onClick={onToggle}>
        <Icon name={isOpen ? 'chevronDown' : 'chevronRight'} />
        <strong>{r.name}</strong>
        <Badge tone={stateTone(r.state)}>{r.state.toUpperCase()}</Badge>
        {c.firing > 0 && <Badge tone="red">firing ({c.firing})</Badge>}
        {c.pending > 0 && <Badge tone="yellow">pending ({c.pending})</Badge>}
        {r.health === 'err' && <Badge tone="red">rule error</Badge>}
        {r.restored && <Badge tone="blue" title={`alerts restored from the database at ${r.restored.at}`}>restored</Badge>}
        <span className="spacer" />
        {win && (
          <>
            <TimelineBar compact spans={timeline?.merged ?? []} startMs={win.startMs} endMs={win.endMs} label={`${r.name}: last ${span}`} />
            <span className="tl-summary" data-testid="history-summary">
              {historySummary(timeline, span)}
            </span>
          </>
        )}
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
                <dd className="annotation-value">{v}</dd>
              </span>
            ))}
            {r.lastError && (
              <>
                <dt>error</dt>
                <dd className="text-error">{r.lastError}</dd>
              </>
            )}
          </dl>
          {win && timeline && timeline.alerts.length > 0 && (
            <div className="rule-history">
              <h3>
                History, last {span === '1d' ? 'day' : '7 days'}
              </h3>
              <AlertTimelines alerts={timeline.alerts} startMs={win.startMs} endMs={win.endMs} omitLabels={['alertname']} />
            </div>
          )}
          {alerts.length === 0 ? (
            <p className="muted">No active alerts: the expression returns nothing right now.</p>
          ) : (
            <table className="table" data-testid="active-alerts">
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
                      {showAnnotations && Object.keys(a.annotations).length > 0 && (
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
                    <td>
                      <Badge tone={stateTone(a.state)}>{a.state.toUpperCase()}</Badge>
                      {a.keepFiringSince && parseApiTime(a.keepFiringSince) > 0 && (
                        <div className="muted small" title={a.keepFiringSince}>
                          kept firing since {formatRelative(parseApiTime(a.keepFiringSince), now)}
                        </div>
                      )}
                    </td>
                    <td className="nowrap" title={a.activeAt}>
                      {a.activeAt && parseApiTime(a.activeAt) > 0 ? (
                        <>
                          <div>{formatRelative(parseApiTime(a.activeAt), now)}</div>
                          <div className="muted small">{formatLocal(parseApiTime(a.activeAt))}</div>
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td className="num mono" title={a.value}>
                      {formatAlertValue(a.value)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </div>
  );
}
