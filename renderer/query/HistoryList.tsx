import { useMemo, useState } from 'react';
import { Icon } from '../components/Icon';
import { searchHistory } from './history';
import { useHistory } from './historyStore';

/** The searchable query history: click (or Enter on the first match) loads an entry. */
export function HistoryList({ onPick }: { onPick(expr: string): void }) {
  const entries = useHistory((s) => s.entries);
  const remove = useHistory((s) => s.remove);
  const clear = useHistory((s) => s.clear);
  const [q, setQ] = useState('');
  const found = useMemo(() => searchHistory(entries, q), [entries, q]);
  return (
    <div className="picker" data-testid="history">
      <input
        className="input input-sm"
        placeholder="Search history…"
        aria-label="Search history"
        autoFocus
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && found[0]) onPick(found[0]);
        }}
      />
      {entries.length === 0 ? (
        <p className="muted picker-empty">No queries yet: every query you run is kept here, in this browser.</p>
      ) : found.length === 0 ? (
        <p className="muted picker-empty">No query in the history matches “{q}”.</p>
      ) : (
        <ul className="picker-list">
          {found.slice(0, 100).map((e) => (
            <li key={e}>
              <button type="button" className="picker-item" onClick={() => onPick(e)} title={e}>
                <code>{e}</code>
              </button>
              <button type="button" className="btn btn-icon btn-subtle" aria-label="Remove from history" onClick={() => remove(e)}>
                <Icon name="close" size={12} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {entries.length > 0 && (
        <div className="picker-foot">
          <span className="muted">{entries.length} queries · Alt+↑/↓ in the editor steps through them</span>
          <button type="button" className="btn btn-subtle btn-sm" onClick={clear}>
            Clear history
          </button>
        </div>
      )}
    </div>
  );
}
