/**
 * Prometheus's template.Expander as the rule evaluator uses it for alert labels and
 * annotations (rules/alerting.go): the defs header that binds $labels, $externalLabels,
 * $externalURL and $value, missingkey=zero, Prometheus's functions, and Expand's error
 * wording. checkAlertTemplate is rulefmt's parse-only check of a rule file's templates.
 */

import type { RuleQueryFunc } from '../rules/types.js';
import { TemplateError } from './errors.js';
import type { MissingKey } from './exec.js';
import type { Tree } from './ast.js';
import { BUILTINS } from './builtins.js';
import { parseTrees } from './parser.js';
import { PROMETHEUS_FUNC_NAMES, prometheusFuncs, type TemplateQueryFunc } from './prometheusFuncs.js';
import { limitsOf, ParsedTemplate } from './template.js';
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

export interface ExpandOptions {
  readonly timeMs: number;
  readonly externalURL: string;
  readonly query: TemplateQueryFunc;
  /** Prometheus's default is 'zero'. */
  readonly missingKey?: MissingKey;
}

/**
 * Prometheus's Expander.Expand for any data: Prometheus's functions and missingkey=zero, with
 * Expand's error wording (`error parsing template NAME: …`, `error executing template NAME: …`).
 */
export function expandPrometheusTemplate(name: string, text: string, data: unknown, opts: ExpandOptions): Promise<string> {
  return expandParsed(name, parseCached(name, text, false), data, opts);
}

async function expandParsed(name: string, trees: ReadonlyMap<string, Tree> | TemplateError, data: unknown, opts: ExpandOptions): Promise<string> {
  const funcs = prometheusFuncs({ timeMs: opts.timeMs, externalURL: opts.externalURL, query: opts.query });
  if (trees instanceof TemplateError) throw new TemplateError(`error parsing template ${name}: ${trees.message}`);
  const tmpl = new ParsedTemplate(name, trees, funcs, opts.missingKey ?? 'zero', DEFAULT_TEMPLATE_LIMITS);
  try {
    return await tmpl.execute(data);
  } catch (e) {
    if (e instanceof TemplateError) throw new TemplateError(`error executing template ${name}: ${e.message}`);
    throw e;
  }
}

/**
 * Expands an alert label or annotation template. Rejects with a TemplateError whose message
 * is what Prometheus's Expand returns (`error executing template NAME: template: NAME:1:…`);
 * the caller writes `<error expanding template: MSG>`.
 */
export function expandAlertTemplate(name: string, text: string, data: AlertTemplateData, timeMs: number, query: RuleQueryFunc): Promise<string> {
  return expandParsed(name, parseCached(name, text, true), alertData(data), { timeMs, externalURL: data.externalURL, query: (q) => query(q, timeMs) });
}

/** rulefmt's check: parses `text` behind the defs header; the parse error (Go's text), or null. */
export function checkAlertTemplate(name: string, text: string): TemplateError | null {
  const trees = parseCached(name, text, true);
  return trees instanceof TemplateError ? trees : null;
}

const DEFAULT_TEMPLATE_LIMITS = limitsOf({});
const hasPrometheusFunc = (f: string): boolean => PROMETHEUS_FUNC_NAMES.has(f) || BUILTINS.has(f);

/**
 * Parsed alert templates by name and text. Prometheus parses on every expansion; the trees
 * depend only on the text and the function names, so one parse serves every alert and
 * evaluation of a rule. Bounded: cleared when it grows past CACHE_MAX.
 */
const caches = [new Map<string, Map<string, ReadonlyMap<string, Tree> | TemplateError>>(), new Map<string, Map<string, ReadonlyMap<string, Tree> | TemplateError>>()];
let cached = 0;
const CACHE_MAX = 4096;

/** The trees of `text` (behind the defs header when withDefs), parsed once. */
function parseCached(name: string, text: string, withDefs: boolean): ReadonlyMap<string, Tree> | TemplateError {
  // Keyed by name, then the user's text: the caller's own strings, whose hashes V8 keeps.
  const cache = caches[withDefs ? 1 : 0]!;
  let byText = cache.get(name);
  let r = byText?.get(text);
  if (r === undefined) {
    try {
      r = parseTrees(name, withDefs ? ALERT_TEMPLATE_DEFS + text : text, hasPrometheusFunc);
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      r = e;
    }
    if (cached >= CACHE_MAX) {
      for (const c of caches) c.clear();
      cached = 0;
      byText = undefined;
    }
    if (!byText) cache.set(name, (byText = new Map()));
    byText.set(text, r);
    cached++;
  }
  return r;
}
