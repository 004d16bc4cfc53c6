import { useState } from 'react';
import { Icon } from '../components/Icon';
import { useSaved } from './savedStore';

/** Saved queries: save the editor's text under a name, load or delete saved ones. */
export function SavedList({ current, onPick }: { current: () => string; onPick(expr: string): void }) {
  const queries = useSaved((s) => s.queries);
  const save = useSaved((s) => s.save);
  const remove = useSaved((s) => s.remove);
  const [name, setName] = useState('');
  return (
    <div className="picker" data-testid="saved">
      <form
        className="popover-row"
        onSubmit={(e) => {
          e.preventDefault();
          const expr = current().trim();
          if (name.trim() === '' || expr === '') return;
          save(name, expr);
          setName('');
        }}
      >
        <input className="input input-sm" placeholder="Name for the current query" aria-label="Saved query name" autoFocus value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="btn btn-primary btn-sm" disabled={name.trim() === ''}>
          Save
        </button>
      </form>
      {queries.length === 0 ? (
        <p className="muted picker-empty">No saved queries. Name the query in the editor and save it to find it here later.</p>
      ) : (
        <ul className="picker-list">
          {queries.map((s) => (
            <li key={s.name}>
              <button type="button" className="picker-item" onClick={() => onPick(s.expr)} title={s.expr}>
                <strong>{s.name}</strong>
                <code>{s.expr}</code>
              </button>
              <button type="button" className="btn btn-icon btn-subtle" aria-label={`Delete ${s.name}`} onClick={() => remove(s.name)}>
                <Icon name="trash" size={12} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
