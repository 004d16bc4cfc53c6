/** prometheus.yml: load, default, validate. (`hearth check config` is in cli/checkConfig.ts.) */

export * from './types.js';
export { ConfigError } from './errors.js';
export { parseConfig, type ParseOptions } from './parse.js';
export { loadConfigFile } from './load.js';
export { defaultConfig, defaultConfigText } from './defaults.js';
export { configEqual, configHash, scrapeConfigHash } from './equal.js';
export { makeRelabelConfig, newRelabelRegex } from './relabelConfig.js';
export {
  SCRAPE_PROTOCOL_HEADERS,
  DEFAULT_SCRAPE_PROTOCOLS,
  DEFAULT_PROTO_FIRST_SCRAPE_PROTOCOLS,
} from './scrapeConfig.js';
export { UNSUPPORTED_SD, SUPPORTED_SD } from './discoveryConfig.js';
export { parseDuration, formatDuration, parseBase2Bytes, formatBase2Bytes } from './units.js';
export { configToYAML } from './marshal.js';
