import { formatDuration } from '../../shared/duration';
import { LabelBadges } from '../components/Labels';
import { formatLocal } from '../lib/time';
import './timeline.css';
import { axisTicks, placeSpans, type AlertTimeline, type Span } from './timeline';

/** Bar units: the SVG stretches to its box, so only the proportions matter. */
const BAR_WIDTH = 1000;
const BAR_HEIGHT = 10;

function spanTitle(s: Span): string {
  const dur = formatDuration(Math.max(0, Math.round((s.endMs - s.startMs) / 1000) * 1000));
  return `${s.state} from ${formatLocal(s.startMs)} to ${s.open ? 'now' : formatLocal(s.endMs)} (${dur})`;
}

/** One row of pending and firing spans over [startMs, endMs]; each span names its times on hover. */
export function TimelineBar({ spans, startMs, endMs, label, compact }: { spans: readonly Span[]; startMs: number; endMs: number; label: string; compact?: boolean }) {
  const placed = placeSpans(spans, startMs, endMs, BAR_WIDTH, compact ? 4 : 2);
  return (
    <svg
      className={compact ? 'tl-bar tl-bar-compact' : 'tl-bar'}
      viewBox={`0 0 ${BAR_WIDTH} ${BAR_HEIGHT}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
      data-testid="timeline-bar"
      data-spans={placed.map((s) => s.state).join(' ')}
    >
      <rect className="tl-track" x={0} y={0} width={BAR_WIDTH} height={BAR_HEIGHT} />
      {placed.map((s) => (
        <rect key={`${s.startMs}-${s.state}`} className={`tl-span tl-${s.state}`} x={s.x} y={0} width={s.width} height={BAR_HEIGHT}>
          <title>{spanTitle(s)}</title>
        </rect>
      ))}
    </svg>
  );
}

function tickLabel(t: number, rangeMs: number): string {
  const d = new Date(t);
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  if (rangeMs <= 86_400_000 && !(d.getHours() === 0 && d.getMinutes() === 0)) return hm;
  return d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

/** Time labels under bars of the same window. */
export function TimelineAxis({ startMs, endMs }: { startMs: number; endMs: number }) {
  const ticks = axisTicks(startMs, endMs, 8);
  const range = endMs - startMs;
  return (
    <div className="tl-axis" aria-hidden>
      {ticks.map((t) => (
        <span key={t} className="tl-tick" style={{ left: `${((t - startMs) / range) * 100}%` }}>
          {tickLabel(t, range)}
        </span>
      ))}
    </div>
  );
}

export const MAX_TIMELINE_ROWS = 50;

/** Per-alert rows: the alert's labels, then its bar; an axis below. Past `max` rows, a count of the rest (a rule may have thousands of alerts). */
export function AlertTimelines({ alerts, startMs, endMs, omitLabels = [], max = MAX_TIMELINE_ROWS }: { alerts: readonly AlertTimeline[]; startMs: number; endMs: number; omitLabels?: readonly string[]; max?: number }) {
  const shown = alerts.length > max ? alerts.slice(0, max) : alerts;
  return (
    <div className="tl-grid" data-testid="alert-timelines">
      {shown.map((a) => (
        <div key={a.key} className="tl-row" data-testid="alert-timeline">
          <div className="tl-labels">
            <LabelBadges labels={a.labels} omit={omitLabels} />
          </div>
          <TimelineBar spans={a.spans} startMs={startMs} endMs={endMs} label={`history of ${Object.entries(a.labels).map(([k, v]) => `${k}=${v}`).join(', ')}`} />
        </div>
      ))}
      {shown.length < alerts.length && (
        <div className="tl-row">
          <div className="muted small" data-testid="timeline-more">
            and {alerts.length - shown.length} more alerts
          </div>
          <div />
        </div>
      )}
      <div className="tl-row">
        <div />
        <TimelineAxis startMs={startMs} endMs={endMs} />
      </div>
    </div>
  );
}

export function TimelineLegend() {
  return (
    <span className="tl-legend small muted">
      <span className="tl-swatch tl-pending-bg" /> pending <span className="tl-swatch tl-firing-bg" /> firing
    </span>
  );
}
