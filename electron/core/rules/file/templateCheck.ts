/**
 * The one door through which the rule file loader checks that label and annotation templates
 * parse. The template engine is written in parallel (electron/core/template); until it is
 * merged this accepts every template.
 */

/**
 * Parses `text` as an alerting rule's label or annotation template named `name` (rulefmt names
 * it `__alert_<alert name>`), with `$labels`, `$externalLabels`, `$externalURL` and `$value`
 * defined as Prometheus's rulefmt defines them before the text. Returns the parse error's
 * message (`template: __alert_X:1: undefined variable "$label"`) or null.
 */
export function checkTemplate(name: string, text: string): string | null {
  // TODO: wired at merge to electron/core/template's checkAlertTemplate(name, text), returning
  // its error's message; the engine is not on this branch yet.
  void name;
  void text;
  return null;
}
