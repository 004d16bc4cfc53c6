/**
 * Hearth's template engine: Go's text/template semantics with Prometheus's functions (for
 * alert labels and annotations) and room for Alertmanager's (for notifications).
 */

export { TemplateError } from './errors.js';
export { parseTemplate, parseTemplateSet, DEFAULT_LIMITS, type Template, type TemplateFunc, type TemplateOptions } from './template.js';
export { expandAlertTemplate, checkAlertTemplate, expandPrometheusTemplate, ALERT_TEMPLATE_DEFS, type AlertTemplateData, type ExpandOptions } from './alert.js';
export { prometheusFuncs, convertToFloat, type PrometheusFuncsContext, type TemplateQueryFunc } from './prometheusFuncs.js';
export { GoMap, GoSlice, GoStruct, GoUint, SafeHTML, type GoFunc } from './values.js';
export { GoDuration, GoTime } from './goTime.js';
export { sprint, sprintf, sprintln } from './fmt.js';
export { htmlEscape, jsEscape, queryEscape, pathEscape } from './builtins.js';
