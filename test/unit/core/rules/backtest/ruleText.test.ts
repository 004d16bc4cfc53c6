/** The backtest API's rule text: one alerting rule, checked by the rule-file parser. */

import { describe, expect, it } from 'vitest';
import { BacktestError } from '../../../../../electron/core/rules/backtest/errors.js';
import { parseBacktestRule } from '../../../../../electron/core/rules/backtest/ruleText.js';

describe('parseBacktestRule', () => {
  it('reads an alerting rule with every field', () => {
    const r = parseBacktestRule('alert: Down\nexpr: up == 0\nfor: 5m\nkeep_firing_for: 1m\nlabels:\n  severity: page\nannotations:\n  summary: "{{ $labels.instance }} down"\n');
    expect(r).toMatchObject({
      kind: 'alerting',
      alert: 'Down',
      expr: 'up == 0',
      forMs: 300_000,
      keepFiringForMs: 60_000,
      labels: { severity: 'page' },
      annotations: { summary: '{{ $labels.instance }} down' },
      pos: { line: 1, column: 1 },
    });
  });

  it('reads a flow mapping', () => {
    expect(parseBacktestRule('{alert: A, expr: "vector(1)"}')).toMatchObject({ alert: 'A', expr: 'vector(1)', forMs: 0 });
  });

  it('refuses a recording rule', () => {
    expect(() => parseBacktestRule('record: r\nexpr: up')).toThrow(new BacktestError('rule: "r" is a recording rule; a backtest replays an alerting rule'));
  });

  it('gives positions in the text the user wrote', () => {
    expect(() => parseBacktestRule('alert: A\nexpr: up ==\n')).toThrow(/^rule: 2:\d+: .*parse/);
    expect(() => parseBacktestRule('alert: A\nexpr: up\nbogus: 1\n')).toThrow(/^rule: 3:1: .*bogus/);
  });

  it('refuses empty and oversized text', () => {
    expect(() => parseBacktestRule('  \n')).toThrow(/^rule: empty/);
    expect(() => parseBacktestRule('alert: A\nexpr: up\n#' + 'x'.repeat(70_000))).toThrow(/longer than/);
  });

  it('refuses a list of rules', () => {
    expect(() => parseBacktestRule('- alert: A\n  expr: up\n- alert: B\n  expr: up\n')).toThrow(BacktestError);
  });
});
