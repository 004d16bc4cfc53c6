/** static_configs: fixed target groups, sent once. */

import { Labels } from '../../model/labels.js';
import type { StaticConfig } from '../../config/types.js';
import type { Provider } from './provider.js';
import type { TargetGroup } from './targetGroup.js';

export const ADDRESS_LABEL = '__address__';

/** A target group from a static/file_sd entry: one label set per address. */
export function groupFromStatic(cfg: StaticConfig, source: string, extraGroupLabels?: Labels): TargetGroup {
  const targets = cfg.targets.map((t) => Labels.fromPairs([[ADDRESS_LABEL, t]]));
  let labels = cfg.labels;
  if (extraGroupLabels) extraGroupLabels.forEach((n, v) => (labels = labels.with(n, v)));
  return { source, targets, labels };
}

export class StaticProvider implements Provider {
  readonly initialized = Promise.resolve();

  /** `index` is the entry's position in the job's static_configs, which is its source, as in Prometheus. */
  constructor(
    private readonly cfg: StaticConfig,
    private readonly index: number,
  ) {}

  start(send: (groups: TargetGroup[]) => void): void {
    send([groupFromStatic(this.cfg, String(this.index))]);
  }

  async stop(): Promise<void> {}
}
