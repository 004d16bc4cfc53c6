import { useState } from 'react';
import { Icon } from '../components/Icon';
import { Popover } from '../components/Popover';
import { formatLocal, fromLocalInput, toLocalInput } from '../lib/time';
import { formatRange, parseRange, RANGE_PRESETS, stepPreset } from './timeRange';

interface Props {
  rangeMs: number;
  endMs: number | null;
  onChange(rangeMs: number, endMs: number | null): void;
}

/**
 * The graph's time range: − / + through presets, a popover with quick ranges, a typed range
 * and an absolute from–to, and the end time (now, or fixed) with « » to move through time.
 */
export function RangePicker({ rangeMs, endMs, onChange }: Props) {
  const [typed, setTyped] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const typedMs = parseRange(typed);
  const fromMs = fromLocalInput(from);
  const toMs = fromLocalInput(to);
  const absOk = fromMs !== null && toMs !== null && toMs > fromMs;
  const shift = (dir: 1 | -1) => {
    const end = endMs ?? Date.now();
    const next = end + (dir * rangeMs) / 2;
    onChange(rangeMs, dir > 0 && next >= Date.now() ? null : Math.round(next));
  };

  return (
    <div className="range-picker">
      <div className="btn-group">
        <button type="button" className="btn btn-default btn-sm" title="Shorter range" aria-label="Shorter range" onClick={() => onChange(stepPreset(rangeMs, -1), endMs)}>
          −
        </button>
        <Popover
          trigger={<span data-testid="range-value">{formatRange(rangeMs)}</span>}
          triggerClass="btn btn-default btn-sm range-button"
          triggerLabel="Time range"
          triggerTitle="Time range"
          testId="range-popover"
        >
          {(close) => (
            <div className="range-popover">
              <div className="popover-title">Quick ranges</div>
              <div className="preset-grid">
                {RANGE_PRESETS.map((p) => (
                  <button
                    key={p}
                    type="button"
                    className={parseRange(p) === rangeMs && endMs === null ? 'btn btn-sm btn-primary' : 'btn btn-sm btn-default'}
                    onClick={() => {
                      onChange(parseRange(p)!, null);
                      close();
                    }}
                  >
                    Last {p}
                  </button>
                ))}
              </div>
              <form
                className="popover-row"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (typedMs !== null) {
                    onChange(typedMs, endMs);
                    close();
                  }
                }}
              >
                <input className="input input-sm" placeholder="Range, e.g. 90m or 2d12h" value={typed} onChange={(e) => setTyped(e.target.value)} aria-label="Custom range" aria-invalid={typed !== '' && typedMs === null} />
                <button type="submit" className="btn btn-sm btn-default" disabled={typedMs === null}>
                  Apply
                </button>
              </form>
              <div className="popover-title">Absolute range</div>
              <form
                className="popover-grid"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (absOk) {
                    onChange(toMs! - fromMs!, toMs!);
                    close();
                  }
                }}
              >
                <label>
                  From <input type="datetime-local" step={1} className="input input-sm" value={from} onChange={(e) => setFrom(e.target.value)} aria-label="From" />
                </label>
                <label>
                  To <input type="datetime-local" step={1} className="input input-sm" value={to} onChange={(e) => setTo(e.target.value)} aria-label="To" />
                </label>
                <button type="submit" className="btn btn-sm btn-default" disabled={!absOk}>
                  Apply absolute range
                </button>
              </form>
            </div>
          )}
        </Popover>
        <button type="button" className="btn btn-default btn-sm" title="Longer range" aria-label="Longer range" onClick={() => onChange(stepPreset(rangeMs, 1), endMs)}>
          +
        </button>
      </div>
      <div className="btn-group">
        <button type="button" className="btn btn-default btn-sm" title="Earlier" aria-label="Earlier" onClick={() => shift(-1)}>
          «
        </button>
        <Popover
          trigger={
            <span data-testid="end-value">
              <Icon name="clock" size={13} /> {endMs === null ? 'now' : formatLocal(endMs)}
            </span>
          }
          triggerClass="btn btn-default btn-sm"
          triggerLabel="End time"
          triggerTitle="End time"
        >
          {(close) => (
            <div className="range-popover">
              <div className="popover-title">Graph ends at</div>
              <div className="popover-row">
                <input
                  type="datetime-local"
                  step={1}
                  className="input input-sm"
                  aria-label="End time"
                  value={endMs === null ? toLocalInput(Date.now()) : toLocalInput(endMs)}
                  onChange={(e) => {
                    const ms = fromLocalInput(e.target.value);
                    if (ms !== null) onChange(rangeMs, ms);
                  }}
                />
                <button
                  type="button"
                  className="btn btn-sm btn-default"
                  onClick={() => {
                    onChange(rangeMs, null);
                    close();
                  }}
                >
                  Now
                </button>
              </div>
            </div>
          )}
        </Popover>
        <button type="button" className="btn btn-default btn-sm" title="Later" aria-label="Later" disabled={endMs === null} onClick={() => shift(1)}>
          »
        </button>
      </div>
    </div>
  );
}
