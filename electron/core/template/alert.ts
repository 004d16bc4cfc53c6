/**
 * Prometheus's template.Expander as the rule evaluator uses it for alert labels and
 * annotations (rules/alerting.go): the defs header that binds $labels, $externalLabels,
 * $externalURL and $value, missingkey=zero, Prometheus's functions, and Expand's error
 * wording. checkAlertTemplate is rulefmt's parse-only check of a rule file's templates.
 */

import type { RuleQueryFunc } from '../rules/types.js';
import { TemplateError } from './errors.js';
import { prometheusFuncs } from './prometheusFuncs.js';
import { parseWithFuncs } from './template.js';
import { GoMap, GoStruct } from './values.js';

export interface AlertTemplateData {
  readonly labels: Readonly<Record<string, string>>;
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly externalURL: string;
  readonly value: number;
}

/** Prepended to every alert template, as Prometheus does; error columns on line 1 count it. */
export const ALERT_TEMPLATE_DEFS = '{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}';

const ALERT_DATA_TYPE = 'struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }';

function alertData(d: AlertTemplateData): GoStruct {
  return new GoStruct(ALERT_DATA_TYPE, {
    Labels: new GoMap('string', d.labels),
    ExternalLabels: new GoMap('string', d.externalLabels),
    ExternalURL: d.externalURL,
    Value: d.value,
  });
}

/**
 * Expands an alert label or annotation template. Rejects with a TemplateError whose message
 * is what Prometheus's Expand returns (`error executing template NAME: template: NAME:1:…`);
 * the caller writes `<error expanding template: MSG>`.
 */
export async function expandAlertTemplate(name: string, text: string, data: AlertTemplateData, timeMs: number, query: RuleQueryFunc): Promise<string> {
  const funcs = prometheusFuncs({ timeMs, externalURL: data.externalURL, query: (q) => query(q, timeMs) });
  let tmpl;
  try {
    tmpl = parseWithFuncs(name, ALERT_TEMPLATE_DEFS + text, funcs, { missingKey: 'zero' });
  } catch (e) {
    if (e instanceof TemplateError) throw new TemplateError(`error parsing template ${name}: ${e.message}`);
    throw e;
  }
  try {
    return await tmpl.execute(alertData(data));
  } catch (e) {
    if (e instanceof TemplateError) throw new TemplateError(`error executing template ${name}: ${e.message}`);
    throw e;
  }
}

const CHECK_FUNCS = prometheusFuncs({ timeMs: 0, externalURL: '', query: () => Promise.resolve([]) });

/** rulefmt's check: parses `text` behind the defs header; the parse error (Go's text), or null. */
export function checkAlertTemplate(name: string, text: string): TemplateError | null {
  try {
    parseWithFuncs(name, ALERT_TEMPLATE_DEFS + text, CHECK_FUNCS, { missingKey: 'zero' });
    return null;
  } catch (e) {
    if (e instanceof TemplateError) return e;
    throw e;
  }
}
