import type { QueryData } from '../../shared/api/query';
import { seriesName } from '../graph/uplotData';

/** The instant result as a table: one row per series (or the scalar/string value). */
export function DataTable({ data }: { data: QueryData }) {
  if (data.resultType === 'scalar' || data.resultType === 'string') {
    return (
      <table className="results" data-testid="results-table">
        <tbody>
          <tr>
            <td className="labels">{data.resultType}</td>
            <td className="value">{data.result[1]}</td>
          </tr>
        </tbody>
      </table>
    );
  }
  if (data.result.length === 0) return <p className="empty">No data: the query returned an empty result.</p>;
  return (
    <table className="results" data-testid="results-table">
      <tbody>
        {data.resultType === 'vector'
          ? data.result.map((s) => (
              <tr key={seriesName(s.metric)}>
                <td className="labels">{seriesName(s.metric)}</td>
                <td className="value">{s.value[1]}</td>
              </tr>
            ))
          : data.result.map((s) => (
              <tr key={seriesName(s.metric)}>
                <td className="labels">{seriesName(s.metric)}</td>
                <td className="value">
                  {s.values.map(([t, v]) => `${v} @${t}`).join('\n')}
                </td>
              </tr>
            ))}
      </tbody>
    </table>
  );
}
