/**
 * Relabelling: applies relabel configs to a label set, as Prometheus's model/relabel Process
 * does, action by action. Used for target relabelling, metric relabelling, alert relabelling
 * and write relabelling.
 *
 * Reference: https://prometheus.io/docs/prometheus/latest/configuration/configuration/#relabel_config
 */

import { createHash } from 'node:crypto';
import { Labels } from '../model/labels.js';
import { isUtf8Name } from '../../../shared/text/names.js';
import type { RelabelConfig } from '../config/types.js';
import { DEFAULT_RELABEL_REGEX } from '../config/relabelConfig.js';

/**
 * A label builder with Prometheus's labels.Builder semantics: a base set plus ordered
 * additions and deletions. The order matters for labelmap, whose later writes win.
 */
class RelabelBuilder {
  private add: Array<[string, string]> = [];
  private del: string[] = [];

  constructor(private readonly base: Labels) {}

  get(name: string): string {
    for (const [n, v] of this.add) if (n === name) return v;
    if (this.del.includes(name)) return '';
    return this.base.get(name);
  }

  set(name: string, value: string): void {
    if (value === '') {
      this.delete(name);
      return;
    }
    for (const a of this.add) {
      if (a[0] === name) {
        a[1] = value;
        return;
      }
    }
    this.add.push([name, value]);
  }

  delete(name: string): void {
    this.add = this.add.filter((a) => a[0] !== name);
    this.del.push(name);
  }

  /** Every current label, base first (sorted) then additions in order, as a snapshot. */
  snapshot(): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    const add = this.add;
    this.base.forEach((n, v) => {
      if (!this.del.includes(n) && !add.some((a) => a[0] === n)) out.push([n, v]);
    });
    for (const a of add) out.push([a[0], a[1]]);
    return out;
  }

  labels(): Labels {
    if (this.add.length === 0 && this.del.length === 0) return this.base;
    return Labels.fromPairs(this.snapshot());
  }
}

/**
 * Applies `configs` in order. Returns the resulting labels, or null when a keep/drop/
 * keepequal/dropequal step dropped the set. The input is never modified.
 */
export function relabel(labels: Labels, configs: readonly RelabelConfig[]): Labels | null {
  if (configs.length === 0) return labels;
  const b = new RelabelBuilder(labels);
  for (const cfg of configs) {
    if (!step(cfg, b)) return null;
  }
  return b.labels();
}

function step(cfg: RelabelConfig, b: RelabelBuilder): boolean {
  let val = '';
  const src = cfg.sourceLabels;
  for (let i = 0; i < src.length; i++) {
    if (i > 0) val += cfg.separator;
    val += b.get(src[i]!);
  }
  const re = cfg.regex.re;
  switch (cfg.action) {
    case 'drop':
      return !re.test(val);
    case 'keep':
      return re.test(val);
    case 'dropequal':
      return b.get(cfg.targetLabel) !== val;
    case 'keepequal':
      return b.get(cfg.targetLabel) === val;
    case 'replace': {
      // Prometheus's fast path: the default regex always matches, so set the value directly.
      if (
        val === '' &&
        cfg.regex.source === DEFAULT_RELABEL_REGEX &&
        !cfg.targetLabel.includes('$') &&
        !cfg.replacement.includes('$')
      ) {
        b.set(cfg.targetLabel, cfg.replacement);
        return true;
      }
      const m = re.exec(val);
      if (!m) return true;
      const target = expand(cfg.targetLabel, m);
      // Any non-empty well-formed name is valid under UTF-8 names, which Prometheus 3 applies here.
      if (!isUtf8Name(target)) return true;
      const res = expand(cfg.replacement, m);
      if (res === '') b.delete(target);
      else b.set(target, res);
      return true;
    }
    case 'lowercase':
      b.set(cfg.targetLabel, val.toLowerCase());
      return true;
    case 'uppercase':
      b.set(cfg.targetLabel, val.toUpperCase());
      return true;
    case 'hashmod':
      b.set(cfg.targetLabel, hashMod(val, cfg.modulus));
      return true;
    case 'labelmap':
      for (const [name, value] of b.snapshot()) {
        const m = re.exec(name);
        if (m) b.set(expand(cfg.replacement, m), value);
      }
      return true;
    case 'labeldrop':
      for (const [name] of b.snapshot()) if (re.test(name)) b.delete(name);
      return true;
    case 'labelkeep':
      for (const [name] of b.snapshot()) if (!re.test(name)) b.delete(name);
      return true;
    default: {
      const never: never = cfg.action;
      throw new Error(`relabel: unknown relabel action type ${JSON.stringify(never)}`);
    }
  }
}

/** Prometheus's hashmod: the last 8 bytes of the MD5 of `val`, as a big-endian uint64, modulo `modulus`. */
export function hashMod(val: string, modulus: number): string {
  const sum = createHash('md5').update(val, 'utf8').digest();
  const n = sum.readBigUInt64BE(8);
  return (n % BigInt(modulus)).toString();
}


const NAME_CHAR = /[\p{L}\p{Nd}_]/u;

/**
 * Expands `$1`, `${1}`, `$name`, `${name}` and `$$` in `template` from a match, as Go's
 * regexp.Expand does: a name is the longest run of letters, digits and '_'; an unknown
 * group or one that did not participate expands to ''; a malformed reference keeps its '$'.
 */
export function expand(template: string, m: RegExpExecArray): string {
  if (!template.includes('$')) return template;
  let out = '';
  let i = 0;
  const n = template.length;
  while (i < n) {
    const j = template.indexOf('$', i);
    if (j < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, j);
    i = j + 1;
    if (i < n && template[i] === '$') {
      out += '$';
      i++;
      continue;
    }
    const ref = extractRef(template, i);
    if (!ref) {
      out += '$';
      continue;
    }
    i = ref.end;
    out += groupValue(m, ref.name);
  }
  return out;
}

function extractRef(t: string, start: number): { name: string; end: number } | undefined {
  let i = start;
  const brace = t[i] === '{';
  if (brace) i++;
  let name = '';
  while (i < t.length) {
    const cp = t.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    if (!NAME_CHAR.test(ch)) break;
    name += ch;
    i += ch.length;
  }
  if (name === '') return undefined;
  if (brace) {
    if (t[i] !== '}') return undefined;
    i++;
  }
  return { name, end: i };
}

function groupValue(m: RegExpExecArray, name: string): string {
  let num = -1;
  if (/^[0-9]+$/.test(name) && !(name.length > 1 && name[0] === '0') && name.length <= 8) num = Number(name);
  if (num >= 0) return num < m.length ? (m[num] ?? '') : '';
  return m.groups?.[name] ?? '';
}
