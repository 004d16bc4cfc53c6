import { useMemo } from 'react';
import { useApp } from '../app/store';
import { UPlotChart } from '../graph/UPlotChart';
import { alignRangeResult, seriesName } from '../graph/uplotData';
import { seriesColor } from '../graph/uplotOptions';
import { DataTable } from './DataTable';

export function QueryPage() {
  const { expr, setExpr, run, running, error, instant, range, evalMs } = useApp();
  const chart = useMemo(() => {
    if (!range) return null;
    return {
      data: alignRangeResult(range.series, range.startSec, range.endSec, range.stepSec),
      names: range.series.map((s) => seriesName(s.metric)),
    };
  }, [range]);

  return (
    <main className="page">
      <form
        className="query-bar"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <input
          className="expr"
          aria-label="PromQL expression"
          placeholder="Enter a PromQL expression, e.g. rate(node_cpu_seconds_total[5m])"
          value={expr}
          spellCheck={false}
          autoFocus
          onChange={(e) => setExpr(e.target.value)}
        />
        <button type="submit" disabled={running || expr.trim() === ''}>
          {running ? 'Running…' : 'Run'}
        </button>
      </form>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      {!instant && !error && (
        <p className="empty">
          Type a PromQL expression and press Enter. Try <code>up</code> to see what Hearth scrapes, or{' '}
          <code>node_load1</code> for this machine&apos;s load.
        </p>
      )}
      {instant && (
        <section className="panel">
          <h2>
            Table <span className="meta">{evalMs !== null ? `${evalMs} ms` : ''}</span>
          </h2>
          <DataTable data={instant} />
        </section>
      )}
      {chart && (
        <section className="panel">
          <h2>Graph — last hour</h2>
          <UPlotChart data={chart.data} names={chart.names} />
          <ul className="legend">
            {chart.names.map((n, i) => (
              <li key={n}>
                <span className="swatch" style={{ background: seriesColor(i) }} />
                {n}
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
