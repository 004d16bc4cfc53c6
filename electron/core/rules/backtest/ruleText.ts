/**
 * The rule a backtest request carries: one alerting rule as YAML, as it would sit in a rule
 * file's `rules:` list. It is checked by the rule-file parser itself (same fields, same
 * validation, same template checks) by placing it in a one-group file; positions in errors are
 * given back relative to the text the user wrote.
 */

import { parseRuleFile } from '../file/index.js';
import type { AlertingRuleSpec } from '../types.js';
import { BacktestError } from './errors.js';

/** Lines and columns the wrapper adds before the user's text. */
const WRAP_LINES = 4;
const WRAP_INDENT = '        ';

/** Largest rule text accepted, characters. */
export const MAX_RULE_TEXT = 64 * 1024;

export function parseBacktestRule(text: string): AlertingRuleSpec {
  if (text.trim() === '') throw new BacktestError('rule: empty; give one alerting rule as YAML (alert, expr, for, labels, annotations)');
  if (text.length > MAX_RULE_TEXT) throw new BacktestError(`rule: longer than ${MAX_RULE_TEXT} characters`);
  if (text.includes('\t')) text = text.replace(/^\t+/gm, (tabs) => '  '.repeat(tabs.length));
  const body = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => WRAP_INDENT + l)
    .join('\n');
  const wrapped = `groups:\n  - name: backtest\n    rules:\n      -\n${body}\n`;
  const parsed = parseRuleFile(wrapped, 'rule');
  if (parsed.errors.length > 0 || !parsed.file) {
    const msgs = parsed.errors.map((e) => {
      const pos = e.pos && e.pos.line > WRAP_LINES ? `${e.pos.line - WRAP_LINES}:${Math.max(1, e.pos.column - WRAP_INDENT.length)}: ` : '';
      return `rule: ${pos}${e.detail.replace(/^group "backtest", rule 1, /, '')}`;
    });
    throw new BacktestError(msgs.join('; ') || 'rule: not a rule');
  }
  const rules = parsed.file.groups[0]?.rules ?? [];
  const r = rules[0];
  if (rules.length !== 1 || !r) throw new BacktestError('rule: give exactly one alerting rule');
  if (r.kind !== 'alerting') throw new BacktestError(`rule: "${r.record}" is a recording rule; a backtest replays an alerting rule`);
  return { ...r, pos: { line: Math.max(1, r.pos.line - WRAP_LINES), column: Math.max(1, r.pos.column - WRAP_INDENT.length) } };
}
