/** prometheus.yml: load, default, validate. */

export * from './types.js';
export { ConfigError } from './errors.js';
