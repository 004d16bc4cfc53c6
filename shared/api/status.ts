/**
 * Payloads of /api/v1/status/*.
 * https://prometheus.io/docs/prometheus/latest/querying/api/#status
 */

export interface BuildInfo {
  version: string;
  revision: string;
  branch: string;
  buildUser: string;
  buildDate: string;
  goVersion: string;
}
