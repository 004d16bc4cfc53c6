/**
 * Decoding and validating one relabel config (relabel_configs, metric_relabel_configs,
 * alert_relabel_configs, write_relabel_configs), with Prometheus's defaults and its
 * model/relabel Validate rules and wording.
 */

import { compileAnchoredRegex, RegexError } from '../model/regex.js';
import type { NameValidationScheme, RelabelAction, RelabelConfig, RelabelRegex } from './types.js';
import { goQuote } from '../../../shared/text/quote.js';
import { Decoder, SemanticError, type Node } from './yamlDecoder.js';
import { isValidLabelName } from '../../../shared/text/names.js';

const ACTIONS: ReadonlySet<string> = new Set<RelabelAction>([
  'replace',
  'keep',
  'drop',
  'keepequal',
  'dropequal',
  'hashmod',
  'labelmap',
  'labeldrop',
  'labelkeep',
  'lowercase',
  'uppercase',
]);

// A target label that may hold $1 / ${name} references (legacy names only), as Prometheus's relabelTarget.
const RELABEL_TARGET_LEGACY = /^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$/;

export const DEFAULT_RELABEL_REGEX = '(.*)';


/** Compiles a relabel regex as Prometheus does (anchored, `.` matches newline); throws Error on bad syntax. */
export function newRelabelRegex(source: string): RelabelRegex {
  try {
    return { source, re: compileAnchoredRegex(source) };
  } catch (e) {
    // RegexError already words it as Go does: the reason, then the expression.
    if (e instanceof RegexError) throw new Error(e.message);
    throw e;
  }
}

/** A relabel config from plain values, filling Prometheus's defaults; validates it. */
export function makeRelabelConfig(
  partial: Partial<Omit<RelabelConfig, 'regex'>> & { regex?: string },
  scheme: NameValidationScheme = 'utf8',
): RelabelConfig {
  const cfg: RelabelConfig = {
    sourceLabels: partial.sourceLabels ?? [],
    separator: partial.separator ?? ';',
    regex: newRelabelRegex(partial.regex ?? DEFAULT_RELABEL_REGEX),
    modulus: partial.modulus ?? 0,
    targetLabel: partial.targetLabel ?? '',
    replacement: partial.replacement ?? '$1',
    action: partial.action ?? 'replace',
  };
  const err = validateRelabelConfig(cfg, scheme, partial.sourceLabels !== undefined);
  if (err) throw new Error(err);
  return cfg;
}

/**
 * Decodes one relabel config node. Returns undefined when the node had type errors (those
 * are already recorded); throws SemanticError for invalid content. `nullMessage` is what
 * Prometheus says about an empty list item in this position.
 */
export function decodeRelabelConfig(d: Decoder, node: Node, nullMessage: string): RelabelConfig | undefined {
  if (d.isNull(node)) d.fail(node, nullMessage);
  const before = d.errorCount;
  let sourceLabels: string[] | undefined;
  let separator = ';';
  let regex: RelabelRegex | undefined;
  let regexSet = false;
  let modulus = 0;
  let targetLabel = '';
  let replacement = '$1';
  let action: RelabelAction | '' = 'replace';
  d.fields(node, 'relabel.plain', {
    source_labels: (v) => {
      const items = d.seq(v, 'model.LabelNames');
      if (!items) {
        sourceLabels = undefined;
        return;
      }
      sourceLabels = [];
      for (const it of items) {
        const s = d.str(it, 'model.LabelName', (q) => d.fail(it, `${q} is not a valid label name`)) ?? '';
        if (!isValidLabelName(s, 'utf8')) d.fail(it, `${goQuote(s)} is not a valid label name`);
        sourceLabels.push(s);
      }
    },
    separator: (v) => {
      separator = d.str(v) ?? '';
    },
    regex: (v) => {
      regexSet = true;
      if (d.isNull(v)) {
        regex = undefined;
        return;
      }
      const s = d.str(v) ?? '';
      try {
        regex = newRelabelRegex(s);
      } catch (e) {
        d.fail(v, (e as Error).message);
      }
    },
    modulus: (v) => {
      modulus = d.int(v, true) ?? 0;
    },
    target_label: (v) => {
      targetLabel = d.str(v) ?? '';
    },
    replacement: (v) => {
      replacement = d.str(v, 'string', (q) => d.fail(v, `${q} is invalid 'replacement' for labelmap action`)) ?? '';
    },
    action: (v) => {
      if (d.isNull(v)) {
        action = '';
        return;
      }
      const s = d.str(v) ?? '';
      const a = s.toLowerCase();
      if (!ACTIONS.has(a)) d.fail(v, `unknown relabel action ${goQuote(s)}`);
      action = a as RelabelAction;
    },
  });
  if (d.errorCount !== before) return undefined;
  const cfg = {
    sourceLabels: sourceLabels ?? [],
    separator,
    // A regex given as null matches only the empty string, as in Prometheus.
    regex: regex ?? newRelabelRegex(regexSet ? '' : DEFAULT_RELABEL_REGEX),
    modulus,
    targetLabel,
    replacement,
    action: action as RelabelAction,
  };
  return cfg;
}

/**
 * Prometheus's relabel Config.Validate, run with the name validation scheme of the scrape
 * config it belongs to. Returns the error message, or undefined when valid.
 * `sourceLabelsGiven` distinguishes `source_labels: []` from absent for labeldrop/labelkeep.
 */
export function validateRelabelConfig(c: RelabelConfig, scheme: NameValidationScheme, sourceLabelsGiven: boolean): string | undefined {
  const a = c.action as string;
  if (a === '') return 'relabel action cannot be empty';
  if (c.modulus === 0 && a === 'hashmod') return 'relabel configuration for hashmod requires non-zero modulus';
  const needsTarget = ['replace', 'hashmod', 'lowercase', 'uppercase', 'keepequal', 'dropequal'];
  if (needsTarget.includes(a) && c.targetLabel === '') return `relabel configuration for ${a} action requires 'target_label' value`;
  const validWithVars = (v: string) => (scheme === 'utf8' ? isValidLabelName(v, 'utf8') : RELABEL_TARGET_LEGACY.test(v));
  const hasVar = c.targetLabel.includes('$');
  if (a === 'replace' && !hasVar && !isValidLabelName(c.targetLabel, scheme)) return `${goQuote(c.targetLabel)} is invalid 'target_label' for ${a} action`;
  if (a === 'replace' && hasVar && !validWithVars(c.targetLabel)) return `${goQuote(c.targetLabel)} is invalid 'target_label' for ${a} action`;
  const equalish = ['lowercase', 'uppercase', 'keepequal', 'dropequal'];
  if (equalish.includes(a) && !isValidLabelName(c.targetLabel, scheme)) return `${goQuote(c.targetLabel)} is invalid 'target_label' for ${a} action`;
  if (equalish.includes(a) && c.replacement !== '$1') return `'replacement' can not be set for ${a} action`;
  if (a === 'labelmap' && !validWithVars(c.replacement)) return `${goQuote(c.replacement)} is invalid 'replacement' for ${a} action`;
  if (a === 'hashmod' && !isValidLabelName(c.targetLabel, scheme)) return `${goQuote(c.targetLabel)} is invalid 'target_label' for ${a} action`;
  if (a === 'dropequal' || a === 'keepequal') {
    if (c.regex.source !== DEFAULT_RELABEL_REGEX || c.modulus !== 0 || c.separator !== ';' || c.replacement !== '$1') {
      return `${a} action requires only 'source_labels' and \`target_label\`, and no other fields`;
    }
  }
  if (a === 'labeldrop' || a === 'labelkeep') {
    if (sourceLabelsGiven || c.targetLabel !== '' || c.modulus !== 0 || c.separator !== ';' || c.replacement !== '$1') {
      return `${a} action requires only 'regex', and no other fields`;
    }
  }
  return undefined;
}

/** Decodes a list of relabel configs; `nullMessage` for empty items. */
export function decodeRelabelConfigs(d: Decoder, node: Node, nullMessage: string): { configs: RelabelConfig[]; nodes: Node[]; given: boolean[] } {
  const items = d.seq(node, '[]*relabel.Config') ?? [];
  const configs: RelabelConfig[] = [];
  const nodes: Node[] = [];
  const given: boolean[] = [];
  for (const it of items) {
    const c = decodeRelabelConfig(d, it, nullMessage);
    if (c) {
      configs.push(c);
      nodes.push(it);
      given.push(hasKey(d, it, 'source_labels'));
    }
  }
  return { configs, nodes, given };
}

function hasKey(d: Decoder, node: Node, key: string): boolean {
  const pairs = d.pairs(node, 'relabel.plain') ?? [];
  return pairs.some((p) => {
    const k = d.deref(p.key as Node);
    return !!k && 'value' in k && (k as { value: unknown }).value === key && !d.isNull(p.value as Node);
  });
}

/** Validates decoded relabel configs with a scheme known only later (the scrape config's), failing at their node. */
export function validateRelabelList(
  d: Decoder,
  list: { configs: RelabelConfig[]; nodes: Node[]; given: boolean[] },
  scheme: NameValidationScheme,
): void {
  for (let i = 0; i < list.configs.length; i++) {
    const err = validateRelabelConfig(list.configs[i]!, scheme, list.given[i]!);
    if (err) throw new SemanticError(err, d.pos(list.nodes[i]));
  }
}
