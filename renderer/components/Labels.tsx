import type { Metric } from '../../shared/api/query';
import { isLegacyMetricName, promqlLabelName } from '../../shared/text/names';
import { goQuote } from '../../shared/text/quote';
import { labelNames } from '../lib/labels';

/** A series as Prometheus prints it, with label names and values styled apart. */
export function SeriesLabels({ metric }: { metric: Metric }) {
  const name = metric['__name__'];
  const names = labelNames(metric);
  const legacy = name !== undefined && isLegacyMetricName(name);
  return (
    <span className="series">
      {legacy && <span className="series-name">{name}</span>}
      {(names.length > 0 || !legacy) && <span className="series-brace">{'{'}</span>}
      {name !== undefined && !legacy && <span className="series-name">{goQuote(name)}{names.length > 0 ? ', ' : ''}</span>}
      {names.map((k, i) => (
        <span key={k} className="series-pair">
          <span className="series-label">{promqlLabelName(k)}</span>=<span className="series-value">{goQuote(metric[k] ?? '')}</span>
          {i < names.length - 1 ? ', ' : ''}
        </span>
      ))}
      {(names.length > 0 || !legacy) && <span className="series-brace">{'}'}</span>}
    </span>
  );
}

/** Labels as compact badges (targets, alerts). */
export function LabelBadges({ labels, omit = [] }: { labels: Record<string, string>; omit?: readonly string[] }) {
  const keys = Object.keys(labels)
    .filter((k) => !omit.includes(k))
    .sort();
  return (
    <span className="label-badges">
      {keys.map((k) => (
        <span key={k} className="label-badge">
          <span className="label-badge-name">{k}</span>
          <span className="label-badge-value">{labels[k]}</span>
        </span>
      ))}
    </span>
  );
}
