import { useMemo, useState } from 'react';
import type { QueryData } from '../../shared/api/query';
import { CopyButton } from '../components/CopyButton';
import { SeriesLabels } from '../components/Labels';
import { EmptyState } from '../components/States';
import { formatLocal } from '../lib/time';
import { nextSort, sortRows, tableRows, type SortDir, type SortKey } from './tableData';

const PAGE = 500;

/** The result table: instant and range vectors (sortable, label sets copyable), scalars and strings. */
export function DataTable({ data }: { data: QueryData }) {
  const [sort, setSort] = useState<{ key: SortKey; dir: SortDir }>({ key: 'none', dir: 'asc' });
  const [limit, setLimit] = useState(PAGE);
  const rows = useMemo(() => (data.resultType === 'vector' || data.resultType === 'matrix' ? tableRows(data) : []), [data]);
  const sorted = useMemo(() => sortRows(rows, sort.key, sort.dir), [rows, sort]);

  if (data.resultType === 'scalar' || data.resultType === 'string') {
    return (
      <table className="results" data-testid="results-table">
        <tbody>
          <tr>
            <td className="muted">{data.resultType}</td>
            <td className="value">{data.resultType === 'string' ? JSON.stringify(data.result[1]) : data.result[1]}</td>
          </tr>
        </tbody>
      </table>
    );
  }
  if (rows.length === 0) {
    return (
      <EmptyState title="Empty result">
        The query returned no series at this time. Check the metric name and label matchers, or widen the time window (a range like <code>[5m]</code> or a
        later evaluation time).
      </EmptyState>
    );
  }
  const arrow = (k: SortKey) => (sort.key === k ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : '');
  return (
    <>
      <table className="results" data-testid="results-table">
        <thead>
          <tr>
            <th className="sortable" onClick={() => setSort(nextSort(sort, 'series'))} aria-sort={sort.key === 'series' ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
              Series{arrow('series')}
            </th>
            <th className="sortable value" onClick={() => setSort(nextSort(sort, 'value'))} aria-sort={sort.key === 'value' ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
              {data.resultType === 'matrix' ? 'Values' : 'Value'}
              {arrow('value')}
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.slice(0, limit).map((r, i) => (
            <tr key={i}>
              <td className="labels">
                <span className="row-copy">
                  <CopyButton text={r.text} label="Copy label set" />
                </span>
                <SeriesLabels metric={r.metric} />
              </td>
              <td className="value">
                {data.resultType === 'vector'
                  ? r.values[0]![1]
                  : r.values.map(([t, v]) => (
                      <div key={t}>
                        {v}{' '}
                        <span className="muted" title={formatLocal(t * 1000, true)}>
                          @{t}
                        </span>
                      </div>
                    ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {sorted.length > limit && (
        <div className="table-more">
          Showing {limit} of {sorted.length} series.{' '}
          <button type="button" className="btn btn-subtle btn-sm" onClick={() => setLimit(limit + PAGE * 4)}>
            Show more
          </button>
        </div>
      )}
    </>
  );
}
