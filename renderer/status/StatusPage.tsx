import { useEffect, useState, type ReactNode } from 'react';
import type { TSDBStat } from '../../shared/api/status';
import { buildInfo, config, flags, runtimeInfo, tsdbStatus } from '../api/endpoints';
import { useApi } from '../api/hooks';
import { linkHandler, queryLink } from '../app/router';
import { STATUS_SECTIONS, type StatusSection } from '../app/routes';
import { CopyButton } from '../components/CopyButton';
import { Badge, ErrorAlert, LoadingBar } from '../components/States';
import { desktop } from '../lib/desktop';
import { formatLocal, formatRelative, parseApiTime } from '../lib/time';
import { cardinalityQuery, filterFlags, formatBytes, type CardinalityTable } from './statusData';

/** Status: runtime and build information, TSDB statistics, flags and the configuration. */
export function StatusPage({ section }: { section: StatusSection }) {
  return (
    <main className="page">
      <div className="page-head">
        <h1>Status</h1>
        <nav className="subnav" aria-label="Status sections">
          {STATUS_SECTIONS.map((s) => (
            <a key={s.section} href={s.path} className={s.section === section ? 'active' : undefined} aria-current={s.section === section ? 'page' : undefined} onClick={linkHandler(s.path)}>
              {s.title}
            </a>
          ))}
        </nav>
      </div>
      {section === 'runtime' && <RuntimeSection />}
      {section === 'tsdb' && <TsdbSection />}
      {section === 'flags' && <FlagsSection />}
      {section === 'config' && <ConfigSection />}
    </main>
  );
}

function KvTable({ rows, testId }: { rows: Array<[string, ReactNode]>; testId?: string }) {
  return (
    <table className="table kv-table" data-testid={testId}>
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th>{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RuntimeSection() {
  const build = useApi('buildinfo', (s) => buildInfo(s));
  const rt = useApi('runtimeinfo', (s) => runtimeInfo(s), { refreshMs: 10_000 });
  const b = build.data;
  const r = rt.data;
  const [appVersion, setAppVersion] = useState<string | null>(null);
  useEffect(() => {
    desktop()
      ?.appVersion()
      .then(setAppVersion)
      .catch(() => setAppVersion(null));
  }, []);
  return (
    <>
      <LoadingBar active={build.loading || rt.loading} />
      {build.error && <ErrorAlert>{build.error}</ErrorAlert>}
      {rt.error && <ErrorAlert>{rt.error}</ErrorAlert>}
      <div className="cards-2">
        {b && (
          <section className="card">
            <div className="card-title">
              <h2>Build information</h2>
            </div>
            <KvTable
              testId="build-info"
              rows={[
                ['Hearth version', b.hearthVersion ?? '—'],
                ['Running in', appVersion ? `the desktop app ${appVersion}` : 'a browser (headless server)'],
                ['Prometheus API version', b.version],
                ['Revision', b.revision || '—'],
                ['Branch', b.branch || '—'],
                ['Build user', b.buildUser || '—'],
                ['Build date', b.buildDate || '—'],
                ['Runtime', b.goVersion],
              ]}
            />
          </section>
        )}
        {r && (
          <section className="card">
            <div className="card-title">
              <h2>Runtime information</h2>
            </div>
            <KvTable
              testId="runtime-info"
              rows={[
                ['Start time', `${formatLocal(parseApiTime(r.startTime))} (${formatRelative(parseApiTime(r.startTime), Date.now())})`],
                ['Working directory', <span className="mono">{r.CWD}</span>],
                ['Hostname', r.hostname],
                ['Configuration reload', r.reloadConfigSuccess ? <Badge tone="green">Successful</Badge> : <Badge tone="red">Unsuccessful</Badge>],
                ['Last successful configuration reload', formatLocal(parseApiTime(r.lastConfigTime))],
                ['WAL corruptions', String(r.corruptionCount)],
                ['Storage retention', r.storageRetention],
                ['Server time', formatLocal(parseApiTime(r.serverTime))],
              ]}
            />
          </section>
        )}
      </div>
    </>
  );
}

const TABLES: ReadonlyArray<{ key: CardinalityTable; title: string; col: string; bytes?: boolean }> = [
  { key: 'seriesCountByMetricName', title: 'Top series count by metric name', col: 'Metric name' },
  { key: 'labelValueCountByLabelName', title: 'Top label names with value count', col: 'Label name' },
  { key: 'memoryInBytesByLabelName', title: 'Top label names with memory used', col: 'Label name', bytes: true },
  { key: 'seriesCountByLabelValuePair', title: 'Top series count by label value pairs', col: 'Label pair' },
];

function TsdbSection() {
  const [limit, setLimit] = useState(10);
  const api = useApi(`tsdb-${limit}`, (s) => tsdbStatus(limit, s));
  const d = api.data;
  return (
    <>
      <LoadingBar active={api.loading} />
      {api.error && <ErrorAlert>{api.error}</ErrorAlert>}
      {d && (
        <>
          <section className="card">
            <div className="card-title">
              <h2>Head block</h2>
              <span className="spacer" />
              <label className="control">
                <span className="control-label">Rows per table</span>
                <select className="input input-sm" value={limit} onChange={(e) => setLimit(Number(e.target.value))} aria-label="Rows per table">
                  {[10, 25, 100, 1000].map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <KvTable
              testId="head-stats"
              rows={[
                ['Series', d.headStats.numSeries.toLocaleString()],
                ['Chunks', d.headStats.chunkCount.toLocaleString()],
                ['Label pairs', d.headStats.numLabelPairs.toLocaleString()],
                ['Lowest time', d.headStats.numSeries > 0 ? formatLocal(d.headStats.minTime) : '—'],
                ['Highest time', d.headStats.numSeries > 0 ? formatLocal(d.headStats.maxTime) : '—'],
              ]}
            />
          </section>
          <div className="cards-2">
            {TABLES.map((t) => (
              <CardinalityCard key={t.key} table={t.key} title={t.title} col={t.col} rows={d[t.key]} bytes={t.bytes ?? false} />
            ))}
          </div>
        </>
      )}
    </>
  );
}

function CardinalityCard({ table, title, col, rows, bytes }: { table: CardinalityTable; title: string; col: string; rows: TSDBStat[]; bytes: boolean }) {
  return (
    <section className="card" data-testid={`cardinality-${table}`}>
      <div className="card-title">
        <h2>{title}</h2>
      </div>
      <table className="table">
        <thead>
          <tr>
            <th>{col}</th>
            <th className="num">{bytes ? 'Bytes' : 'Count'}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const l = queryLink(cardinalityQuery(table, r.name), 'table');
            return (
              <tr key={r.name}>
                <td className="mono">
                  <a href={l.href} onClick={linkHandler(l.path, l.search)} title="Query these series">
                    {r.name}
                  </a>
                </td>
                <td className="num">{bytes ? formatBytes(r.value) : r.value.toLocaleString()}</td>
              </tr>
            );
          })}
          {rows.length === 0 && (
            <tr>
              <td colSpan={2} className="muted">
                No series yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

function FlagsSection() {
  const api = useApi('flags', (s) => flags(s));
  const [q, setQ] = useState('');
  return (
    <section className="card">
      <div className="card-title">
        <h2>Command-line flags</h2>
        <span className="spacer" />
        <input className="input input-sm" placeholder="Filter flags…" aria-label="Filter flags" value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      <LoadingBar active={api.loading} />
      {api.error && <ErrorAlert>{api.error}</ErrorAlert>}
      {api.data && (
        <KvTable
          testId="flags"
          rows={filterFlags(api.data, q).map(([k, v]) => [`--${k}`, <span className="mono">{v === '' ? <span className="muted">(empty)</span> : v}</span>])}
        />
      )}
    </section>
  );
}

function ConfigSection() {
  const api = useApi('config', (s) => config(s));
  return (
    <section className="card">
      <div className="card-title">
        <h2>Configuration</h2>
        <span className="muted small">as Hearth read it, defaults filled in</span>
        <span className="spacer" />
        {api.data && <CopyButton text={api.data.yaml} label="Copy configuration" className="btn btn-default btn-sm" />}
      </div>
      <LoadingBar active={api.loading} />
      {api.error && <ErrorAlert>{api.error}</ErrorAlert>}
      {api.data && (
        <pre className="config-yaml" data-testid="config-yaml">
          {api.data.yaml}
        </pre>
      )}
    </section>
  );
}
