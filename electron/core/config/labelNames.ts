/** Label name and value validity under Prometheus's two name validation schemes. */

import { isLegacyLabelName, isValidUtf8 } from '../model/labels.js';
import type { NameValidationScheme } from './types.js';

export function isValidLabelName(s: string, scheme: NameValidationScheme): boolean {
  if (s === '') return false;
  return scheme === 'legacy' ? isLegacyLabelName(s) : isValidUtf8(s);
}

export function isValidLabelValue(s: string): boolean {
  return isValidUtf8(s);
}
