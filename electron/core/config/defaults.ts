/**
 * Hearth's built-in configuration, used when no --config.file is given: Prometheus's example
 * config intervals (15s scrape and evaluation, 10s timeout), Hearth scraping itself, and the
 * built-in host collector exposed on /metrics/node with node_exporter's metric names.
 */

import type { Config } from './types.js';
import { parseConfig } from './parse.js';

export const DEFAULT_CONFIG_FILENAME = '';

/** The YAML text of the built-in config for a server listening on `selfAddress` (host:port). */
/** How the built-in config reaches Hearth's own server when --web.config.file protects it. */
export interface SelfScrapeAccess {
  /** The server speaks HTTPS (tls_server_config). */
  readonly tls: boolean;
  /** A file holding a bearer credential the server accepts (the per-install token). */
  readonly credentialsFile: string;
}

export function defaultConfigText(selfAddress: string, access?: SelfScrapeAccess): string {
  const target = JSON.stringify(selfAddress);
  // Behind --web.config.file every request needs credentials (and maybe TLS): the built-in
  // jobs present the per-install token, and skip certificate checks on this loopback hop,
  // where the server's certificate names the host it is exposed as, not 127.0.0.1.
  const auth = access
    ? `${access.tls ? '    scheme: https\n    tls_config:\n      insecure_skip_verify: true\n' : ''}` +
      `    authorization:\n      credentials_file: ${JSON.stringify(access.credentialsFile)}\n`
    : '';
  return `# Hearth's built-in configuration (used when no --config.file is given).
global:
  scrape_interval: 15s
  evaluation_interval: 15s
  # scrape_timeout is set to the global default (10s).

scrape_configs:
  # Hearth's own metrics.
  - job_name: "hearth"
${auth}    static_configs:
      - targets: [${target}]

  # The machine Hearth runs on, from the built-in host collector (node_exporter metric names).
  - job_name: "node"
    metrics_path: /metrics/node
${auth}    static_configs:
      - targets: [${target}]
`;
}

/** The built-in config, parsed and validated like any file (so it has every default filled in). */
export function defaultConfig(selfAddress: string, access?: SelfScrapeAccess): Config {
  return parseConfig(defaultConfigText(selfAddress, access), DEFAULT_CONFIG_FILENAME);
}
