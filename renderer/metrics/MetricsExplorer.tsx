import { useMemo, useState } from 'react';
import { labelValues, metadata, tsdbStatus } from '../api/endpoints';
import { useApi } from '../api/hooks';
import { linkHandler, queryLink } from '../app/router';
import { Badge, EmptyState, ErrorAlert, LoadingBar } from '../components/States';
import { filterMetrics, metricRows, type MetricSort } from './metricsData';

const TYPE_TONE: Record<string, 'blue' | 'green' | 'orange' | 'yellow' | 'gray'> = { counter: 'blue', gauge: 'green', histogram: 'orange', summary: 'yellow' };
const RENDER_MAX = 400;

/**
 * Every metric name with its type, help and series count. With `onPick` (the query panel's
 * dialog) a click inserts the name; on the page, names link to the query page.
 */
export function MetricsExplorer({ onPick }: { onPick?(name: string): void }) {
  const names = useApi('names', (s) => labelValues('__name__', s));
  const meta = useApi('metadata', (s) => metadata(s));
  const stats = useApi('tsdb-all', (s) => tsdbStatus(100_000, s));
  const [q, setQ] = useState('');
  const [type, setType] = useState('');
  const [sort, setSort] = useState<MetricSort>('name');
  const rows = useMemo(
    () => (names.data ? metricRows(names.data, meta.data ?? {}, stats.data?.seriesCountByMetricName ?? []) : []),
    [names.data, meta.data, stats.data],
  );
  const shown = useMemo(() => filterMetrics(rows, q, type, sort), [rows, q, type, sort]);
  const types = useMemo(() => [...new Set(rows.map((r) => r.type.split(' ')[0]!).filter(Boolean))].sort(), [rows]);
  const loading = names.loading || meta.loading || stats.loading;

  return (
    <div className="explorer" data-testid="metrics-explorer">
      <div className="toolbar">
        <input className="input" placeholder="Filter by name or help text…" aria-label="Filter metrics" autoFocus value={q} onChange={(e) => setQ(e.target.value)} />
        <select className="input" aria-label="Metric type" value={type} onChange={(e) => setType(e.target.value)}>
          <option value="">All types</option>
          {types.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <select className="input" aria-label="Sort metrics" value={sort} onChange={(e) => setSort(e.target.value as MetricSort)}>
          <option value="name">Sort by name</option>
          <option value="series">Sort by series count</option>
        </select>
        <span className="muted">{names.data ? `${shown.length} of ${rows.length} metrics` : ''}</span>
      </div>
      <LoadingBar active={loading} />
      {names.error && <ErrorAlert>{names.error}</ErrorAlert>}
      {names.data && rows.length === 0 && (
        <EmptyState title="No metrics yet">Hearth has not stored any samples yet. The first scrapes land within one scrape interval; check the Targets page if this stays empty.</EmptyState>
      )}
      {rows.length > 0 && shown.length === 0 && <EmptyState title="Nothing matches">No metric name or help text contains “{q}”.</EmptyState>}
      {shown.length > 0 && (
        <table className="table explorer-table">
          <thead>
            <tr>
              <th>Metric</th>
              <th>Type</th>
              <th>Help</th>
              <th className="num">Series</th>
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, RENDER_MAX).map((r) => {
              const link = queryLink(r.name, 'table');
              return (
                <tr key={r.name} data-testid="metric-row">
                  <td className="mono">
                    {onPick ? (
                      <button type="button" className="link-button mono" onClick={() => onPick(r.name)}>
                        {r.name}
                      </button>
                    ) : (
                      <a href={link.href} onClick={linkHandler(link.path, link.search)}>
                        {r.name}
                      </a>
                    )}
                  </td>
                  <td>{r.type ? <Badge tone={TYPE_TONE[r.type.split(' ')[0]!] ?? 'gray'}>{r.type}</Badge> : <span className="muted">—</span>}</td>
                  <td className="help">{r.help || <span className="muted">no help text</span>}</td>
                  <td className="num">{r.series ?? '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {shown.length > RENDER_MAX && <p className="muted">Showing the first {RENDER_MAX}: filter to narrow the list.</p>}
    </div>
  );
}

export function MetricsPage() {
  return (
    <main className="page">
      <div className="page-head">
        <h1>Metrics explorer</h1>
        <p className="muted">Every metric Hearth has stored, with the type and help its exporter reported. Click a name to query it.</p>
      </div>
      <MetricsExplorer />
    </main>
  );
}
