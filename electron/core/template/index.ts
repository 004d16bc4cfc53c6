/**
 * Hearth's template engine: Go's text/template semantics with Prometheus's functions (alert
 * labels and annotations) and room for Alertmanager's (notifications).
 *
 * Data is Go data by reflection, so its Go types matter (printing, comparisons, errors):
 * - strings, booleans; numbers are float64, bigints are int; undefined/null is "no value".
 * - plain objects are map[string]interface {} and arrays []interface {}.
 * - GoMap (a typed map, e.g. map[string]string or Alertmanager's template.KV with methods),
 *   GoSlice (a named slice, e.g. template.Alerts, with methods), GoStruct (a struct or *struct,
 *   with methods) and GoUint carry Go types; a missing key of a GoMap('string', …) is "" under
 *   missingkey=zero, as in Go.
 * - A function in TemplateOptions.funcs takes any arguments (`...interface {}`); a GoFunc gives
 *   Go's parameter types, hence Go's argument checks and messages. Functions may return promises.
 * - Errors are TemplateError with Go's text (`template: NAME:LINE:COL: executing "NAME" at <…>: …`).
 */

export { TemplateError } from './errors.js';
export { parseTemplate, parseTemplateSet, DEFAULT_LIMITS, type Template, type TemplateFunc, type TemplateOptions } from './template.js';
export { expandAlertTemplate, checkAlertTemplate, expandPrometheusTemplate, ALERT_TEMPLATE_DEFS, type AlertTemplateData, type ExpandOptions } from './alert.js';
export { prometheusFuncs, convertToFloat, type PrometheusFuncsContext, type TemplateQueryFunc } from './prometheusFuncs.js';
export { GoMap, GoSlice, GoStruct, GoUint, SafeHTML, type GoFunc } from './values.js';
export { GoDuration, GoTime } from './goTime.js';
export { sprint, sprintf, sprintln } from './fmt.js';
export { htmlEscape, jsEscape, queryEscape, pathEscape } from './builtins.js';
