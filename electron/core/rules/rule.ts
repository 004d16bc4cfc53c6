/**
 * What recording and alerting rules share: their spec's labels merged with the group's, the
 * printed expression, and the health of their last evaluation (Prometheus's Rule interface).
 */

import { formatExpr, parseExpr } from '../promql/parser/index.js';

export type RuleHealth = 'ok' | 'err' | 'unknown';

export abstract class RuleBase {
  abstract readonly kind: 'recording' | 'alerting';
  /** The record or alert name. */
  abstract readonly name: string;
  /** The expression as the rule file wrote it. */
  readonly expr: string;
  /** The expression as Prometheus prints it (its `query` in the API); the text itself when it does not parse. */
  readonly query: string;
  /** The group's labels overridden by the rule's own, as Prometheus merges them on load. */
  readonly labels: Readonly<Record<string, string>>;

  health: RuleHealth = 'unknown';
  lastError: string | null = null;
  /** Wall-clock start of the last evaluation, ms; 0 before the first. */
  lastEvaluationMs = 0;
  evaluationTimeMs = 0;

  constructor(expr: string, groupLabels: Readonly<Record<string, string>>, ruleLabels: Readonly<Record<string, string>>) {
    this.expr = expr;
    this.query = printExpr(expr);
    this.labels = { ...groupLabels, ...ruleLabels };
  }

  setOk(): void {
    this.health = 'ok';
    this.lastError = null;
  }

  setError(message: string): void {
    this.health = 'err';
    this.lastError = message;
  }

  /** Identity across reloads, as Prometheus's nameAndLabels: the name and the merged labels. */
  identity(): string {
    const names = Object.keys(this.labels).sort();
    return `${this.kind}\u0000${this.name}\u0000${names.map((n) => `${n}=${this.labels[n]}`).join('\u0000')}`;
  }
}

function printExpr(expr: string): string {
  try {
    return formatExpr(parseExpr(expr));
  } catch {
    return expr;
  }
}
