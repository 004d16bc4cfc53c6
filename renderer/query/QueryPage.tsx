import { Icon } from '../components/Icon';
import { Panel } from './Panel';
import { usePanels } from './panelStore';

/** Several query panels on one page; their state is the page URL. */
export function QueryPage() {
  const panels = usePanels((s) => s.panels);
  const add = usePanels((s) => s.add);
  return (
    <main className="page page-query">
      {panels.map((p, i) => (
        <Panel key={p.id} panel={p} index={i} count={panels.length} autoFocus={i === 0 && p.expr === ''} />
      ))}
      <div className="page-foot">
        <button type="button" className="btn btn-default" onClick={() => add()}>
          <Icon name="plus" /> Add query
        </button>
      </div>
    </main>
  );
}
