/**
 * Hearth's built-in configuration, used when no --config.file is given: Prometheus's example
 * config intervals (15s scrape and evaluation, 10s timeout), Hearth scraping itself, and the
 * built-in host collector exposed on /metrics/node with node_exporter's metric names.
 */

import type { Config } from './types.js';
import { parseConfig } from './parse.js';

export const DEFAULT_CONFIG_FILENAME = '';

/** The YAML text of the built-in config for a server listening on `selfAddress` (host:port). */
export function defaultConfigText(selfAddress: string): string {
  const target = JSON.stringify(selfAddress);
  return `# Hearth's built-in configuration (used when no --config.file is given).
global:
  scrape_interval: 15s
  evaluation_interval: 15s
  # scrape_timeout is set to the global default (10s).

scrape_configs:
  # Hearth's own metrics.
  - job_name: "hearth"
    static_configs:
      - targets: [${target}]

  # The machine Hearth runs on, from the built-in host collector (node_exporter metric names).
  - job_name: "node"
    metrics_path: /metrics/node
    static_configs:
      - targets: [${target}]
`;
}

/** The built-in config, parsed and validated like any file (so it has every default filled in). */
export function defaultConfig(selfAddress: string): Config {
  return parseConfig(defaultConfigText(selfAddress), DEFAULT_CONFIG_FILENAME);
}
