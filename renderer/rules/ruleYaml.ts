/**
 * A saved alerting rule (its /api/v1/rules entry) written back as the YAML of one rule in a rule
 * file's `rules:` list, to pre-fill the backtest editor. Strings stay plain where YAML would read
 * them back unchanged as strings, multi-line expressions become literal blocks, and everything
 * else is double-quoted (a JSON string is a valid YAML double-quoted scalar). Pure.
 */

import { formatDuration } from '../../shared/duration';
import type { AlertingRule } from '../../shared/api/rules';

/** Words YAML 1.1 or 1.2 readers take for booleans or null. */
const KEYWORDS = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'y', 'n', 'null', '~']);
const NUMBERISH = /^[-+.]?(\d|\.inf$|\.nan$|0x|0o)/i;
/** First characters that are YAML indicators, or make a plain scalar read as something else. */
const BAD_START = /^[-?:,[\]{}#&*!|>'"%@`\s]/;

function plainSafe(s: string): boolean {
  return (
    s !== '' &&
    !BAD_START.test(s) &&
    !/\s$/.test(s) &&
    !s.includes(': ') &&
    !s.includes(' #') &&
    !s.endsWith(':') &&
    // Tabs and control characters, and anything beyond ASCII that a reader might normalise.
    /^[\x20-\x7e]*$/.test(s) &&
    !KEYWORDS.has(s.toLowerCase()) &&
    !NUMBERISH.test(s)
  );
}

/** A double-quoted scalar. JSON leaves DEL and the C1 controls raw, which YAML does not print. */
export function quoted(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A scalar value at `indent` (the key's indentation): plain, literal block, or quoted. */
export function scalar(s: string, indent: string): string {
  if (plainSafe(s)) return s;
  const lines = s.split('\n');
  const blockable =
    lines.length > 1 &&
    !s.endsWith('\n') &&
    // A reader takes the block's indentation from its first non-empty line.
    !/^[ \t]/.test(lines.find((l) => l !== '') ?? '') &&
    lines.every((l) => /^[^\x00-\x08\x0b-\x1f\x7f]*$/.test(l) && !/[ \t]$/.test(l)) &&
    !s.includes('\r');
  if (blockable) return `|-\n${lines.map((l) => (l === '' ? '' : `${indent}  ${l}`)).join('\n')}`;
  return quoted(s);
}

function key(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) && !KEYWORDS.has(k.toLowerCase()) ? k : quoted(k);
}

function mapping(name: string, m: Record<string, string>): string[] {
  const keys = Object.keys(m).sort();
  if (keys.length === 0) return [];
  return [`${name}:`, ...keys.map((k) => `  ${key(k)}: ${scalar(m[k]!, '  ')}`)];
}

/** The rule as YAML (alert, expr, for, keep_firing_for, labels, annotations), ending in a newline. */
export function alertingRuleYaml(r: Pick<AlertingRule, 'name' | 'query' | 'duration' | 'keepFiringFor' | 'labels' | 'annotations'>): string {
  const out = [`alert: ${scalar(r.name, '')}`, `expr: ${scalar(r.query, '')}`];
  if (r.duration > 0) out.push(`for: ${formatDuration(Math.round(r.duration * 1000))}`);
  if (r.keepFiringFor > 0) out.push(`keep_firing_for: ${formatDuration(Math.round(r.keepFiringFor * 1000))}`);
  out.push(...mapping('labels', r.labels ?? {}), ...mapping('annotations', r.annotations ?? {}));
  return out.join('\n') + '\n';
}

/** The starting text for a rule not yet saved. */
export const NEW_RULE_YAML = `alert: InstanceDown
expr: up == 0
for: 5m
labels:
  severity: warning
annotations:
  summary: "{{ $labels.instance }} of job {{ $labels.job }} is down"
`;
