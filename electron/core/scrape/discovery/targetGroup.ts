/**
 * What service discovery hands to the scrape manager: groups of targets, as Prometheus's
 * targetgroup.Group. A group is identified by `source` within one job; an update carrying a
 * source with no targets means the group went away.
 */

import type { Labels } from '../../model/labels.js';

export interface TargetGroup {
  /** Unique within the discovery that produced it, e.g. `static/0/0`, a file path plus index, a URL plus index. */
  source: string;
  /** One label set per target; each has `__address__` and the discovery's `__meta_*` labels. */
  targets: Labels[];
  /** Labels common to every target of the group (static `labels:`, file_sd `labels`, `__meta_filepath`, `__meta_url`). */
  labels: Labels;
}

/** Per job name, every current group of that job (full state, not a delta). */
export type TargetGroupsByJob = Map<string, TargetGroup[]>;
