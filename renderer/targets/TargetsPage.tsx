import { useMemo, useState } from 'react';
import { targets } from '../api/endpoints';
import { useApi } from '../api/hooks';
import { linkHandler, queryLink } from '../app/router';
import { Icon } from '../components/Icon';
import { LabelBadges } from '../components/Labels';
import { Badge, EmptyState, ErrorAlert, LoadingBar } from '../components/States';
import { goQuote } from '../../shared/text/quote';
import { ToggleGroup } from '../components/ToggleGroup';
import { useNow } from '../lib/useNow';
import { formatRelative, formatSeconds, parseApiTime } from '../lib/time';
import { ALL_HEALTH, groupTargets, healthTone, type HealthFilter } from './targetsData';

const REFRESH_MS = 5_000;

/** Scrape targets grouped by pool: health, labels, last scrape and its duration, last error. */
export function TargetsPage() {
  const [auto, setAuto] = useState(true);
  const api = useApi('targets', (s) => targets(s), { refreshMs: auto ? REFRESH_MS : undefined });
  const [health, setHealth] = useState<HealthFilter>(ALL_HEALTH);
  const [q, setQ] = useState('');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const now = useNow(1000);
  const groups = useMemo(() => (api.data ? groupTargets(api.data, health, q) : []), [api.data, health, q]);
  const filtering = q.trim() !== '' || !health.up || !health.down || !health.unknown;
  const visibleGroups = filtering ? groups.filter((g) => g.targets.length > 0) : groups;

  return (
    <main className="page">
      <div className="page-head">
        <h1>Targets</h1>
        <div className="toolbar">
          <input className="input" placeholder="Filter by endpoint, label or error…" aria-label="Filter targets" value={q} onChange={(e) => setQ(e.target.value)} />
          <ToggleGroup label="Health filter" keys={['up', 'down', 'unknown'] as const} value={health} onChange={setHealth} />
          <span className="spacer" />
          <label className="check">
            <input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} /> Refresh every 5 s
          </label>
          <button type="button" className="btn btn-default btn-sm" onClick={api.reload} aria-label="Refresh now">
            <Icon name="refresh" />
          </button>
        </div>
      </div>
      <LoadingBar active={api.loading} />
      {api.error && <ErrorAlert>{api.error}</ErrorAlert>}
      {api.data && api.data.activeTargets.length === 0 && (
        <EmptyState title="No targets">
          Hearth scrapes nothing right now. Add <code>scrape_configs</code> to your <code>prometheus.yml</code> (the same format Prometheus reads) and reload; without a config
          file Hearth scrapes itself and this machine.
        </EmptyState>
      )}
      {api.data && api.data.activeTargets.length > 0 && visibleGroups.length === 0 && <EmptyState title="No target matches the filter">Clear the text or enable more health states.</EmptyState>}
      {visibleGroups.map((g) => {
        const open = !collapsed.has(g.pool);
        return (
          <section key={g.pool} className="card" data-testid="scrape-pool" data-pool={g.pool}>
            <button
              type="button"
              className="card-head"
              aria-expanded={open}
              onClick={() => {
                const next = new Set(collapsed);
                if (open) next.add(g.pool);
                else next.delete(g.pool);
                setCollapsed(next);
              }}
            >
              <Icon name={open ? 'chevronDown' : 'chevronRight'} />
              <h2>{g.pool}</h2>
              <Badge tone={g.down > 0 ? 'red' : g.up === g.total ? 'green' : 'gray'}>
                {g.up} / {g.total} up
              </Badge>
              {g.dropped > 0 && <span className="muted">{g.dropped} dropped by relabelling</span>}
            </button>
            {open && (
              <table className="table">
                <thead>
                  <tr>
                    <th>Endpoint</th>
                    <th>Labels</th>
                    <th>Last scrape</th>
                    <th>State</th>
                  </tr>
                </thead>
                <tbody>
                  {g.targets.map((t) => {
                    const last = parseApiTime(t.lastScrape);
                    const up = queryLink(`up{job=${goQuote(t.labels['job'] ?? '')}, instance=${goQuote(t.labels['instance'] ?? '')}}`, 'graph');
                    return (
                      <tr key={t.scrapeUrl + JSON.stringify(t.labels)} data-testid="target-row" data-health={t.health}>
                        <td className="mono endpoint">
                          <a href={t.scrapeUrl} target="_blank" rel="noreferrer">
                            {t.scrapeUrl}
                          </a>
                          <div className="muted small">
                            every {t.scrapeInterval}, timeout {t.scrapeTimeout} ·{' '}
                            <a href={up.href} onClick={linkHandler(up.path, up.search)}>
                              graph up
                            </a>
                          </div>
                        </td>
                        <td>
                          <LabelBadges labels={t.labels} />
                        </td>
                        <td className="nowrap">
                          <div title={t.lastScrape}>{formatRelative(last, now)}</div>
                          <div className="muted small">{last > 0 ? formatSeconds(t.lastScrapeDuration) : ''}</div>
                        </td>
                        <td>
                          <Badge tone={healthTone(t.health)}>{t.health.toUpperCase()}</Badge>
                          {t.lastError && (
                            <div className="text-error small target-error" data-testid="target-error">
                              {t.lastError}
                            </div>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                  {g.targets.length === 0 && (
                    <tr>
                      <td colSpan={4} className="muted">
                        No target of this pool matches the filter.
                      </td>
                    </tr>
                  )}
                </tbody>
              </table>
            )}
          </section>
        );
      })}
    </main>
  );
}
