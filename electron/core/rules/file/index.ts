/**
 * Prometheus rule files: loading rule_files, parsing and validating one file, the
 * duplicate-rules lint, and the errors, all as Prometheus 3's rulefmt and promtool have them.
 */

export { loadRuleFiles, parseRuleFileBytes, readRuleFile, resolveRuleFiles, type LoadedRuleFiles } from './load.js';
export { parseRuleFile, type ParsedRuleFile } from './parse.js';
export { RuleFileError, type RuleFileErrorKind } from './errors.js';
export { findDuplicateRules, type DuplicateRule } from './lint.js';
export type { ParseRuleFileOptions } from './parse.js';
