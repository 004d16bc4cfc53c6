/**
 * What is wrong with a rule file, and where. The message reads as promtool prints rulefmt's
 * errors (`FILE: LINE:COL: group "g", rule 1, "name": …`); the parts are kept apart so the
 * API, the UI and the CLI can lay them out their own way.
 */

import type { SourcePos } from '../types.js';

/**
 * - `io`: the file could not be read (or a rule_files pattern is malformed);
 * - `syntax`: the text is not YAML;
 * - `unmarshal`: YAML that does not fit the rule file's shape (unknown or repeated fields,
 *   wrong types, bad durations): Go's `yaml: unmarshal errors`, after which nothing is validated;
 * - `invalid`: a group or rule that decoded but breaks a rule (rulefmt's Validate).
 */
export type RuleFileErrorKind = 'io' | 'syntax' | 'unmarshal' | 'invalid';

export class RuleFileError extends Error {
  override readonly name = 'RuleFileError';

  constructor(
    /** The file as it was named (a rule_files match, a CLI argument); '' for text with no file (standard input). */
    readonly file: string,
    readonly kind: RuleFileErrorKind,
    /** The problem without file or position, e.g. `field foo not found in type rulefmt.Rule`. */
    readonly detail: string,
    /** 1-based position of the node at fault, when there is one. */
    readonly pos: SourcePos | null = null,
    /** The second node of a two-node problem (both `record` and `alert` set). */
    readonly altPos: SourcePos | null = null,
  ) {
    super(`${file === '' ? '' : `${file}: `}${posText(pos)}${posText(altPos)}${detail}`);
  }
}

function posText(p: SourcePos | null): string {
  return p ? `${p.line}:${p.column}: ` : '';
}
