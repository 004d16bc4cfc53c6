/**
 * A strict parser of the text exposition format 0.0.4 for tests: it checks what a scraper
 * relies on (HELP/TYPE placement, contiguous families, label syntax and escapes, float values,
 * unique series, histogram bucket rules) and throws with the line number when text breaks a
 * rule. The scrape engine has the production parser; this one exists so collector tests do
 * not depend on it.
 */

export interface ParsedSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface ParsedFamily {
  readonly name: string;
  help: string | undefined;
  type: string;
  readonly samples: ParsedSample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

export class ExpositionError extends Error {}

function parseFloatGo(s: string, where: string): number {
  switch (s) {
    case 'NaN':
      return NaN;
    case '+Inf':
    case 'Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) throw new ExpositionError(`${where}: invalid value ${JSON.stringify(s)}`);
  return Number(s);
}

function unescape(s: string, allowed: string, where: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = s[++i];
    if (n === undefined || !allowed.includes(n)) throw new ExpositionError(`${where}: invalid escape \\${n ?? ''}`);
    out += n === 'n' ? '\n' : n;
  }
  return out;
}

/** The family a sample name belongs to, given the families declared so far. */
function familyOf(name: string, types: Map<string, string>): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (!name.endsWith(suffix)) continue;
    const base = name.slice(0, -suffix.length);
    const t = types.get(base);
    if (t === 'histogram' || (t === 'summary' && suffix !== '_bucket')) return base;
  }
  return name;
}

export function parseExposition(text: string): Map<string, ParsedFamily> {
  const families = new Map<string, ParsedFamily>();
  const types = new Map<string, string>();
  const closed = new Set<string>();
  const seen = new Set<string>();
  let current: string | null = null;
  if (text !== '' && !text.endsWith('\n')) throw new ExpositionError('text does not end with a line feed');
  const lines = text.split('\n');
  lines.pop();

  const enter = (name: string, where: string): ParsedFamily => {
    if (current !== name) {
      if (closed.has(name)) throw new ExpositionError(`${where}: family ${name} is not contiguous`);
      if (current !== null) closed.add(current);
      current = name;
    }
    let f = families.get(name);
    if (!f) {
      f = { name, help: undefined, type: 'untyped', samples: [] };
      families.set(name, f);
    }
    return f;
  };

  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln]!;
    const where = `line ${ln + 1}`;
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) ([^ ]+)(?: (.*))?$/.exec(line);
      if (!m) continue; // an ordinary comment
      const [, kind, name, rest] = m as unknown as [string, string, string, string | undefined];
      if (!NAME.test(name) || NAME.exec(name)![0] !== name) throw new ExpositionError(`${where}: invalid metric name ${name}`);
      const f = enter(name, where);
      if (kind === 'HELP') {
        if (f.help !== undefined) throw new ExpositionError(`${where}: second HELP for ${name}`);
        f.help = unescape(rest ?? '', '\\n', where);
      } else {
        if (types.has(name)) throw new ExpositionError(`${where}: second TYPE for ${name}`);
        if (f.samples.length > 0) throw new ExpositionError(`${where}: TYPE for ${name} after its samples`);
        if (!rest || !TYPES.has(rest)) throw new ExpositionError(`${where}: invalid type ${JSON.stringify(rest)}`);
        types.set(name, rest);
        f.type = rest;
      }
      continue;
    }
    const nm = NAME.exec(line);
    if (!nm) throw new ExpositionError(`${where}: expected a metric name in ${JSON.stringify(line)}`);
    const name = nm[0];
    let i = name.length;
    const labels: Record<string, string> = {};
    if (line[i] === '{') {
      i++;
      while (line[i] !== '}') {
        const lm = LABEL_NAME.exec(line.slice(i));
        if (!lm) throw new ExpositionError(`${where}: expected a label name at column ${i + 1}`);
        const lname = lm[0];
        i += lname.length;
        if (line[i] !== '=' || line[i + 1] !== '"') throw new ExpositionError(`${where}: expected ="..." after label ${lname}`);
        i += 2;
        let raw = '';
        while (i < line.length && line[i] !== '"') {
          if (line[i] === '\\') raw += line[i++];
          raw += line[i++];
        }
        if (line[i] !== '"') throw new ExpositionError(`${where}: unterminated value of label ${lname}`);
        i++;
        if (lname in labels) throw new ExpositionError(`${where}: duplicate label ${lname}`);
        labels[lname] = unescape(raw, '\\"n', where);
        if (line[i] === ',') i++;
        else if (line[i] !== '}') throw new ExpositionError(`${where}: expected , or } at column ${i + 1}`);
      }
      i++;
    }
    if (line[i] !== ' ') throw new ExpositionError(`${where}: expected a space before the value`);
    const parts = line.slice(i + 1).split(' ');
    if (parts.length < 1 || parts.length > 2) throw new ExpositionError(`${where}: expected a value and an optional timestamp`);
    const value = parseFloatGo(parts[0]!, where);
    if (parts.length === 2 && !/^-?\d+$/.test(parts[1]!)) throw new ExpositionError(`${where}: invalid timestamp ${parts[1]}`);
    const fam = enter(familyOf(name, types), where);
    const key = name + JSON.stringify(Object.entries(labels).sort());
    if (seen.has(key)) throw new ExpositionError(`${where}: duplicate series ${name}${JSON.stringify(labels)}`);
    seen.add(key);
    fam.samples.push({ name, labels, value });
  }
  for (const f of families.values()) if (f.type === 'histogram') checkHistogram(f);
  return families;
}

function checkHistogram(f: ParsedFamily): void {
  const groups = new Map<string, { buckets: Array<[number, number]>; count?: number; sum?: number }>();
  for (const s of f.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { buckets: [] }));
    if (s.name === f.name + '_bucket') {
      if (le === undefined) throw new ExpositionError(`${f.name}: bucket without le`);
      g.buckets.push([parseFloatGo(le, f.name), s.value]);
    } else if (s.name === f.name + '_count') g.count = s.value;
    else if (s.name === f.name + '_sum') g.sum = s.value;
    else throw new ExpositionError(`${f.name}: unexpected sample ${s.name} in a histogram`);
  }
  for (const [key, g] of groups) {
    for (let i = 1; i < g.buckets.length; i++) {
      if (!(g.buckets[i]![0] > g.buckets[i - 1]![0])) throw new ExpositionError(`${f.name}${key}: le values not increasing`);
      if (g.buckets[i]![1] < g.buckets[i - 1]![1]) throw new ExpositionError(`${f.name}${key}: bucket counts decrease`);
    }
    const last = g.buckets[g.buckets.length - 1];
    if (!last || last[0] !== Infinity) throw new ExpositionError(`${f.name}${key}: no +Inf bucket`);
    if (g.count === undefined || g.sum === undefined) throw new ExpositionError(`${f.name}${key}: missing _count or _sum`);
    if (last[1] !== g.count) throw new ExpositionError(`${f.name}${key}: +Inf bucket ${last[1]} differs from _count ${g.count}`);
  }
}
