import { useEffect, useMemo, useState } from 'react';
import type { QueryData } from '../../shared/api/query';
import { errorText } from '../api/client';
import { instantQuery, parseQuery } from '../api/endpoints';
import { Badge, EmptyState, ErrorAlert, LoadingBar, WarningAlert } from '../components/States';
import { DataTable } from './DataTable';
import { buildTree, describeNode, explainEmptyMatch, flatten, nodeLabel, type ExplainNode } from './explain/astTree';
import type { PanelState } from './panelState';
import { resultSummary } from './tableData';
import { QueryHint } from './TableTab';
import { useQuery } from './useQuery';

interface Props {
  panel: PanelState;
  runId: number;
  onChange(patch: Partial<PanelState>): void;
  onOpenInNewPanel(expr: string): void;
}

interface NodeResult {
  data?: QueryData;
  error?: string;
  tookMs: number;
  running: boolean;
}

const CONCURRENCY = 4;

function countOf(d: QueryData): number {
  return d.resultType === 'vector' || d.resultType === 'matrix' ? d.result.length : 1;
}

function metricsOf(d: QueryData | undefined): Array<Record<string, string>> {
  if (!d || (d.resultType !== 'vector' && d.resultType !== 'matrix')) return [];
  return d.result.map((s) => s.metric);
}

/**
 * The Explain tab, as PromLens does it: the parsed expression as a tree, every node evaluated
 * on its own (type, series count, time), a sentence on what it does, and a click on a node
 * shows that subexpression's result.
 */
export function ExplainTab({ panel, runId, onChange, onOpenInNewPanel }: Props) {
  const expr = panel.expr.trim();
  const key = expr === '' ? null : JSON.stringify([expr, runId]);
  const parsed = useQuery(key, (signal) => parseQuery(expr, signal));
  const tree = useMemo(() => (parsed.result ? buildTree(parsed.result.data) : null), [parsed.result]);
  const nodes = useMemo(() => (tree ? flatten(tree) : []), [tree]);
  const [results, setResults] = useState<Record<string, NodeResult>>({});
  const [selected, setSelected] = useState('0');

  const evaluate = (targets: ExplainNode[], signal: AbortSignal) => {
    let next = 0;
    setResults((r) => {
      const out = { ...r };
      for (const n of targets) out[n.id] = { ...out[n.id], tookMs: out[n.id]?.tookMs ?? 0, running: true };
      return out;
    });
    const worker = async () => {
      while (next < targets.length && !signal.aborted) {
        const n = targets[next++]!;
        const t0 = performance.now();
        try {
          const r = await instantQuery(n.text, panel.momentMs, { signal });
          const tookMs = performance.now() - t0;
          setResults((s) => ({ ...s, [n.id]: r.status === 'success' ? { data: r.data, tookMs, running: false } : { error: errorText(r), tookMs, running: false } }));
        } catch (err) {
          if ((err as Error).name === 'AbortError') return;
          setResults((s) => ({ ...s, [n.id]: { error: String(err), tookMs: 0, running: false } }));
        }
      }
    };
    for (let i = 0; i < CONCURRENCY; i++) void worker();
  };

  useEffect(() => {
    setResults({});
    setSelected('0');
    if (nodes.length === 0) return;
    const ctl = new AbortController();
    evaluate(nodes, ctl.signal);
    return () => ctl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [nodes, panel.momentMs]);

  const [rerun, setRerun] = useState<AbortController | null>(null);
  const runNode = (n: ExplainNode) => {
    setSelected(n.id);
    rerun?.abort();
    const ctl = new AbortController();
    setRerun(ctl);
    evaluate([n], ctl.signal);
  };

  if (expr === '') return <QueryHint />;
  const sel = nodes.find((n) => n.id === selected) ?? nodes[0];
  const selResult = sel ? results[sel.id] : undefined;
  const hint =
    sel && sel.ast.type === 'binaryExpr' && selResult?.data
      ? explainEmptyMatch(sel.ast, metricsOf(results[`${sel.id}.0`]?.data), metricsOf(results[`${sel.id}.1`]?.data), countOf(selResult.data))
      : null;

  return (
    <div className="tab-body">
      <LoadingBar active={parsed.loading} />
      {parsed.error && <ErrorAlert>{parsed.error}</ErrorAlert>}
      {tree && (
        <div className={parsed.loading ? 'explain stale' : 'explain'}>
          <ul className="explain-tree" data-testid="explain-tree" role="tree">
            {nodes.map((n) => {
              const r = results[n.id];
              return (
                <li key={n.id} role="treeitem" aria-selected={n.id === sel?.id} className={n.id === sel?.id ? 'explain-node selected' : 'explain-node'} style={{ paddingLeft: 8 + n.depth * 22 }}>
                  <button type="button" className="explain-node-button" data-testid="explain-node" onClick={() => runNode(n)} title="Run this subexpression">
                    {n.depth > 0 && <span className="explain-elbow" aria-hidden="true" />}
                    <code className="explain-label">{nodeLabel(n.ast)}</code>
                    <Badge tone={n.type === 'matrix' ? 'orange' : n.type === 'vector' ? 'blue' : 'gray'}>{n.type === 'matrix' ? 'range vector' : n.type === 'vector' ? 'instant vector' : n.type}</Badge>
                    <span className="explain-stat" data-testid="explain-stat">
                      {!r || r.running ? '…' : r.error ? <span className="text-error">error</span> : r.data ? statText(r.data) : ''}
                    </span>
                    {r && !r.running && <span className="explain-ms">{Math.round(r.tookMs)} ms</span>}
                  </button>
                </li>
              );
            })}
          </ul>
          {sel && (
            <div className="explain-detail" data-testid="explain-detail">
              <div className="explain-detail-head">
                <code className="explain-expr">{sel.text}</code>
                <span className="spacer" />
                <button type="button" className="btn btn-default btn-sm" onClick={() => runNode(sel)}>
                  Run again
                </button>
                <button type="button" className="btn btn-default btn-sm" onClick={() => onOpenInNewPanel(sel.text)}>
                  Open in new panel
                </button>
                {sel.id !== '0' && (
                  <button type="button" className="btn btn-default btn-sm" onClick={() => onChange({ expr: sel.text, tab: 'table' })}>
                    Use as query
                  </button>
                )}
              </div>
              <p className="explain-text">{describeNode(sel.ast)}</p>
              {hint && <WarningAlert title="Why is this empty?">{hint}</WarningAlert>}
              {selResult?.error && <ErrorAlert>{selResult.error}</ErrorAlert>}
              {selResult?.data && (
                <>
                  <div className="result-meta">
                    {resultSummary(selResult.data)} · {Math.round(selResult.tookMs)} ms
                  </div>
                  <div className={selResult.running ? 'result stale' : 'result'}>
                    <DataTable data={selResult.data} />
                  </div>
                </>
              )}
              {!selResult?.data && !selResult?.error && <EmptyState title="Evaluating…" />}
            </div>
          )}
        </div>
      )}
    </div>
  );
}

function statText(d: QueryData): string {
  if (d.resultType === 'scalar' || d.resultType === 'string') return d.result[1];
  return `${d.result.length} series`;
}
