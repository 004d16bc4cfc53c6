/**
 * --ignore-unknown-fields: rule files read as promtool reads them with that flag (rulefmt's
 * non-strict decoding), by dropping every key the format does not know from the top level,
 * the groups and the rules, then parsing what is left with the strict parser. Positions in
 * later errors refer to the text with those keys removed.
 */

import { readFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { ioMessage } from '../../config/load.js';
import { parseRuleFile, RuleFileError, type ParsedRuleFile } from '../file/index.js';

const TOP = new Set(['groups']);
const GROUP = new Set(['name', 'interval', 'query_offset', 'limit', 'rules', 'labels']);
const RULE = new Set(['record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations']);

function keep(m: unknown, known: ReadonlySet<string>): void {
  if (!isMap(m)) return;
  const map = m as YAMLMap;
  map.items = map.items.filter((p) => {
    const k = p.key as { value?: unknown } | null;
    return k === null || typeof k !== 'object' || !('value' in k) || known.has(String(k.value));
  });
}

export function readRuleFileLenient(path: string): ParsedRuleFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { file: null, errors: [new RuleFileError(path, 'io', ioMessage(e, path))], warnings: [] };
  }
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) return parseRuleFile(text, path);
  keep(doc.contents, TOP);
  const groups = isMap(doc.contents) ? (doc.contents as YAMLMap).get('groups') : null;
  if (isSeq(groups)) {
    for (const g of groups.items) {
      keep(g, GROUP);
      const rules = isMap(g) ? (g as YAMLMap).get('rules') : null;
      if (isSeq(rules)) for (const r of rules.items) keep(r, RULE);
    }
  }
  return parseRuleFile(doc.toString(), path);
}
