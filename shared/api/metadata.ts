/**
 * Payloads of /api/v1/metadata and /api/v1/targets/metadata.
 * https://prometheus.io/docs/prometheus/latest/querying/api/#querying-metric-metadata
 */

export interface MetricMetadata {
  type: string;
  help: string;
  unit: string;
}

/** /api/v1/metadata: metric family name → its distinct metadata. */
export type MetadataData = Record<string, MetricMetadata[]>;

/** One entry of /api/v1/targets/metadata; `metric` is absent when the request named one. */
export interface TargetMetadataEntry extends MetricMetadata {
  target: Record<string, string>;
  metric?: string;
}
