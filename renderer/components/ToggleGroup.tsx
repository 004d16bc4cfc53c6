import type { ReactNode } from 'react';

interface Props<K extends string> {
  /** Accessible name of the group, e.g. "Health filter". */
  label: string;
  keys: readonly K[];
  value: Readonly<Record<K, boolean>>;
  onChange(next: Record<K, boolean>): void;
  /** What a button shows; the key itself by default. */
  caption?: (key: K) => ReactNode;
}

/** A row of on/off buttons, one per key: the state filters of the Targets, Alerts and Rules pages. */
export function ToggleGroup<K extends string>({ label, keys, value, onChange, caption }: Props<K>) {
  return (
    <div className="btn-group" role="group" aria-label={label}>
      {keys.map((k) => (
        <button
          key={k}
          type="button"
          className={value[k] ? 'btn btn-sm btn-primary' : 'btn btn-sm btn-default'}
          aria-pressed={value[k]}
          onClick={() => onChange({ ...value, [k]: !value[k] } as Record<K, boolean>)}
        >
          {caption ? caption(k) : k}
        </button>
      ))}
    </div>
  );
}
