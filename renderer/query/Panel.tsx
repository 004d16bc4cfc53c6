import { useRef, useState } from 'react';
import { formatQuery } from '../api/endpoints';
import { errorText } from '../api/client';
import { Dialog } from '../components/Dialog';
import { Icon } from '../components/Icon';
import { Popover } from '../components/Popover';
import { ErrorAlert } from '../components/States';
import { MetricsExplorer } from '../metrics/MetricsExplorer';
import { ExplainTab } from './ExplainTab';
import { ExpressionInput, type ExpressionInputHandle } from './ExpressionInput';
import { GraphTab } from './GraphTab';
import { HistoryList } from './HistoryList';
import { useHistory } from './historyStore';
import type { PanelState, PanelTab } from './panelState';
import { usePanels } from './panelStore';
import { SavedList } from './SavedList';
import { TableTab } from './TableTab';

const TABS: ReadonlyArray<{ tab: PanelTab; title: string }> = [
  { tab: 'table', title: 'Table' },
  { tab: 'graph', title: 'Graph' },
  { tab: 'explain', title: 'Explain' },
];

interface Props {
  panel: PanelState;
  index: number;
  count: number;
  autoFocus: boolean;
}

/** One query panel: the editor and its tools, and the Table / Graph / Explain tabs. */
export function Panel({ panel, index, count, autoFocus }: Props) {
  const { update, run, remove, duplicate, move, add } = usePanels.getState();
  const runId = usePanels((s) => s.runs[panel.id] ?? 0);
  const editor = useRef<ExpressionInputHandle>(null);
  const [formatError, setFormatError] = useState<string | null>(null);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [explorerOpen, setExplorerOpen] = useState(false);
  const [dirty, setDirty] = useState(false);
  const historyPos = useRef(-1);

  const execute = (text: string) => {
    const expr = text.trim();
    setDirty(false);
    historyPos.current = -1;
    if (expr !== '') useHistory.getState().add(expr);
    run(panel.id, expr);
  };
  const format = async (text: string) => {
    if (text.trim() === '') return;
    const r = await formatQuery(text);
    if (r.status === 'success') {
      setFormatError(null);
      editor.current?.setText(r.data);
    } else setFormatError(errorText(r));
  };
  const stepHistory = (dir: 1 | -1) => {
    const entries = useHistory.getState().entries;
    if (entries.length === 0) return;
    const next = Math.max(-1, Math.min(entries.length - 1, historyPos.current - dir));
    historyPos.current = next;
    editor.current?.setText(next < 0 ? panel.expr : entries[next]!);
  };
  const pick = (expr: string) => {
    editor.current?.setText(expr);
    setHistoryOpen(false);
  };

  return (
    <section className="panel" data-testid="panel" aria-label={`Query panel ${index + 1}`}>
      <div className="panel-editor">
        <ExpressionInput
          ref={editor}
          initial={panel.expr}
          autoFocus={autoFocus}
          onRun={execute}
          onFormat={(t) => void format(t)}
          onHistoryStep={(dir) => stepHistory(dir)}
          onHistorySearch={() => setHistoryOpen(true)}
          onChange={(t) => setDirty(t.trim() !== panel.expr)}
        />
        <div className="editor-tools">
          <Popover trigger={<Icon name="history" />} triggerClass="btn btn-icon btn-subtle" triggerLabel="Query history" triggerTitle="Query history (Ctrl/⌘+Shift+H)" align="right" open={historyOpen} onOpenChange={setHistoryOpen}>
            <HistoryList onPick={pick} />
          </Popover>
          <Popover trigger={<Icon name="star" />} triggerClass="btn btn-icon btn-subtle" triggerLabel="Saved queries" triggerTitle="Saved queries" align="right">
            {(close) => (
              <SavedList
                current={() => editor.current?.text() ?? ''}
                onPick={(e) => {
                  editor.current?.setText(e);
                  close();
                }}
              />
            )}
          </Popover>
          <button type="button" className="btn btn-icon btn-subtle" aria-label="Metrics explorer" title="Metrics explorer" onClick={() => setExplorerOpen(true)}>
            <Icon name="globe" />
          </button>
          <button type="button" className="btn btn-icon btn-subtle" aria-label="Format query" title="Format query (Shift+Alt+F)" onClick={() => void format(editor.current?.text() ?? '')}>
            <Icon name="format" />
          </button>
          <button type="button" className={dirty ? 'btn btn-primary btn-run dirty' : 'btn btn-primary btn-run'} onClick={() => execute(editor.current?.text() ?? '')} title="Execute (Enter)">
            <Icon name="play" size={14} /> Execute
          </button>
        </div>
      </div>
      {formatError && <ErrorAlert title="Cannot format">{formatError}</ErrorAlert>}
      <div className="panel-tabs">
        <div className="tabs" role="tablist">
          {TABS.map((t) => (
            <button key={t.tab} type="button" role="tab" aria-selected={panel.tab === t.tab} className={panel.tab === t.tab ? 'tab active' : 'tab'} onClick={() => update(panel.id, { tab: t.tab })}>
              {t.title}
            </button>
          ))}
        </div>
        <span className="spacer" />
        <div className="panel-actions">
          <button type="button" className="btn btn-icon btn-subtle" aria-label="Move panel up" title="Move up" disabled={index === 0} onClick={() => move(panel.id, -1)}>
            <Icon name="up" />
          </button>
          <button type="button" className="btn btn-icon btn-subtle" aria-label="Move panel down" title="Move down" disabled={index === count - 1} onClick={() => move(panel.id, 1)}>
            <Icon name="down" />
          </button>
          <button type="button" className="btn btn-icon btn-subtle" aria-label="Duplicate panel" title="Duplicate" onClick={() => duplicate(panel.id)}>
            <Icon name="duplicate" />
          </button>
          <button type="button" className="btn btn-icon btn-subtle" aria-label="Remove panel" title="Remove" onClick={() => remove(panel.id)}>
            <Icon name="close" />
          </button>
        </div>
      </div>
      {panel.tab === 'table' && <TableTab panel={panel} runId={runId} onChange={(p) => update(panel.id, p)} />}
      {panel.tab === 'graph' && <GraphTab panel={panel} runId={runId} onChange={(p) => update(panel.id, p)} />}
      {panel.tab === 'explain' && (
        <ExplainTab
          panel={panel}
          runId={runId}
          onChange={(p) => {
            if (p.expr !== undefined) editor.current?.setText(p.expr);
            update(panel.id, p);
          }}
          onOpenInNewPanel={(e) => {
            const id = add(e);
            usePanels.getState().run(id, e);
          }}
        />
      )}
      <Dialog open={explorerOpen} title="Metrics explorer" onClose={() => setExplorerOpen(false)} wide>
        <MetricsExplorer
          onPick={(name) => {
            setExplorerOpen(false);
            editor.current?.insert(name);
          }}
        />
      </Dialog>
    </section>
  );
}
