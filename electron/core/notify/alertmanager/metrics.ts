/**
 * The notifier's metrics under Prometheus's names and help texts (notifier/metric.go), with
 * Prometheus 3.10's `alertmanager` label on the queue and drop series since each
 * Alertmanager has its own queue. A series lives as long as its Alertmanager is discovered,
 * as in Prometheus, which deletes them when the send loop stops.
 */

import { familyHeader, formatLabels, renderFamily, type Sample } from '../../collector/exposition.js';
import { formatExpositionFloat } from '../../../../shared/text/float.js';
import { SUMMARY_QUANTILES, Summary } from './summary.js';

/** The counters of one Alertmanager (its URL is the label value). */
export class AlertmanagerMetrics {
  errors = 0;
  sent = 0;
  dropped = 0;
  readonly latency: Summary;

  constructor(now?: () => number) {
    this.latency = new Summary(now);
  }
}

/** What the metrics read from the notifier when they render. */
export interface MetricsSource {
  /** Every Alertmanager with a send loop: URL, counters, queue length and capacity. */
  loops(): Iterable<{ readonly url: string; readonly metrics: AlertmanagerMetrics; readonly queueLength: number; readonly queueCapacity: number }>;
  /** Active Alertmanagers over every config (a URL in two configs counts twice, as in Prometheus). */
  discovered(): number;
}

const N = 'prometheus_notifications_';

export function renderNotifierMetrics(src: MetricsSource): string {
  // Two configs may name the same Alertmanager: in Prometheus their loops share one series.
  const byUrl = new Map<string, { errors: number; sent: number; dropped: number; length: number; capacity: number; latency: Summary }>();
  for (const l of src.loops()) {
    const m = byUrl.get(l.url);
    if (m === undefined) {
      const { errors, sent, dropped, latency } = l.metrics;
      byUrl.set(l.url, { errors, sent, dropped, length: l.queueLength, capacity: l.queueCapacity, latency });
      continue;
    }
    m.errors += l.metrics.errors;
    m.sent += l.metrics.sent;
    m.dropped += l.metrics.dropped;
    m.length += l.queueLength;
    m.capacity += l.queueCapacity;
  }
  const errors: Sample[] = [];
  const sent: Sample[] = [];
  const dropped: Sample[] = [];
  const length: Sample[] = [];
  const capacity: Sample[] = [];
  let latency = '';
  const urls = [...byUrl.keys()].sort();
  for (const url of urls) {
    const m = byUrl.get(url)!;
    const labels = [['alertmanager', url] as const];
    errors.push({ labels, value: m.errors });
    sent.push({ labels, value: m.sent });
    dropped.push({ labels, value: m.dropped });
    length.push({ labels, value: m.length });
    capacity.push({ labels, value: m.capacity });
  }
  if (urls.length > 0) {
    latency = familyHeader(N + 'latency_seconds', 'Latency quantiles for sending alert notifications.', 'summary');
    for (const url of urls) {
      const s = byUrl.get(url)!.latency;
      const am = ['alertmanager', url] as const;
      for (const q of SUMMARY_QUANTILES) {
        latency += N + 'latency_seconds' + formatLabels([am], ['quantile', formatExpositionFloat(q)]) + ' ' + formatExpositionFloat(s.quantile(q)) + '\n';
      }
      const ls = formatLabels([am]);
      latency += N + 'latency_seconds_sum' + ls + ' ' + formatExpositionFloat(s.sum) + '\n';
      latency += N + 'latency_seconds_count' + ls + ' ' + formatExpositionFloat(s.count) + '\n';
    }
  }
  // Families in name order, as client_golang gathers them.
  return (
    renderFamily({ name: N + 'alertmanagers_discovered', help: 'The number of alertmanagers discovered and active.', type: 'gauge', samples: [{ labels: [], value: src.discovered() }] }) +
    renderFamily({ name: N + 'dropped_total', help: 'Total number of alerts dropped due to errors when sending to Alertmanager.', type: 'counter', samples: dropped }) +
    renderFamily({ name: N + 'errors_total', help: 'Total number of sent alerts affected by errors.', type: 'counter', samples: errors }) +
    latency +
    renderFamily({ name: N + 'queue_capacity', help: 'The capacity of the alert notifications queue.', type: 'gauge', samples: capacity }) +
    renderFamily({ name: N + 'queue_length', help: 'The number of alert notifications in the queue.', type: 'gauge', samples: length }) +
    renderFamily({ name: N + 'sent_total', help: 'Total number of alerts sent.', type: 'counter', samples: sent })
  );
}
