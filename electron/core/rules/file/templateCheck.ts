/**
 * The one door through which the rule file loader checks that label and annotation templates
 * parse, with the template engine's rulefmt check.
 */

import { checkAlertTemplate } from '../../template/index.js';

/**
 * Parses `text` as an alerting rule's label or annotation template named `name` (rulefmt names
 * it `__alert_<alert name>`), with `$labels`, `$externalLabels`, `$externalURL` and `$value`
 * defined as Prometheus's rulefmt defines them before the text. Returns the parse error's
 * message (`template: __alert_X:1: undefined variable "$label"`) or null.
 */
export function checkTemplate(name: string, text: string): string | null {
  return checkAlertTemplate(name, text)?.message ?? null;
}
