/** Label name and value validity under Prometheus's two name validation schemes. */

import type { NameValidationScheme } from './types.js';

const LEGACY_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** True when `s` is well-formed Unicode (no lone surrogates): JS's counterpart of utf8.ValidString. */
export function isWellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const n = s.charCodeAt(i + 1);
      if (!(n >= 0xdc00 && n <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

export function isValidLabelName(s: string, scheme: NameValidationScheme): boolean {
  if (s === '') return false;
  return scheme === 'legacy' ? LEGACY_LABEL.test(s) : isWellFormed(s);
}

export function isValidLabelValue(s: string): boolean {
  return isWellFormed(s);
}
