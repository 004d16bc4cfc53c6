import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TSDB } from '../../../../electron/core/tsdb/index.js';
import { literalPrefix } from '../../../../electron/core/tsdb/postings.js';
import type { Labels } from '../../../../electron/core/model/labels.js';
import type { Matcher } from '../../../../electron/core/model/matcher.js';
import { lbl, m, tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const VALUES = ['', 'a', 'ab', 'abc', 'b', 'api', 'api-2', 'web', 'x.y', 'A', 'a\nb', 'ü', '/api/v1', '/apix'];

describe('postings index', () => {
  it('selects exactly what a brute-force scan selects, for random matchers', () => {
    const db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 });
    let seed = 42;
    const rnd = (n: number) => (seed = (seed * 16807) % 2147483647) % n;
    const all: Labels[] = [];
    const app = db.appender();
    for (let i = 0; i < 400; i++) {
      const o: Record<string, string> = { __name__: ['up', 'req', 'x:y'][rnd(3)]! };
      for (const name of ['job', 'path', 'env']) {
        const v = VALUES[rnd(VALUES.length)]!;
        if (v !== '') o[name] = v;
      }
      o.id = String(i);
      const l = lbl(o);
      all.push(l);
      app.append(0, l, 1000, i);
    }
    app.commit();
    const q = db.querier(0, 2000);
    const kinds = ['=', '!=', '=~', '!~'] as const;
    const regexes = ['a.*', 'a.+', 'a|web', '/api/.*', '.*b', '', '.*', '.+', 'x\\.y', '(?i)a', 'a|', 'ap.?'];
    let checked = 0;
    for (let k = 0; k < 400; k++) {
      const ms: Matcher[] = [];
      const n = 1 + rnd(3);
      for (let j = 0; j < n; j++) {
        const type = kinds[rnd(4)]!;
        const name = ['job', 'path', 'env', '__name__', 'nope'][rnd(5)]!;
        const value = type === '=~' || type === '!~' ? regexes[rnd(regexes.length)]! : VALUES[rnd(VALUES.length)]!;
        ms.push(m(type, name, value));
      }
      if (ms.every((x) => x.matchesEmpty())) ms.push(m('=~', '__name__', '.+'));
      const want = all.filter((l) => ms.every((x) => x.matches(l.get(x.name)))).map(String).sort();
      const got = q.select(true, null, ...ms).map((s) => String(s.labels)).sort();
      expect(got, ms.map(String).join(', ')).toEqual(want);
      checked += want.length;
    }
    expect(checked).toBeGreaterThan(1000);
    db.close();
  });

  it('recognises literal prefixes that can use a value range', () => {
    expect(literalPrefix('/api/.*')).toBe('/api/');
    expect(literalPrefix('foo.+')).toBe('foo');
    expect(literalPrefix('x\\.y.*')).toBe('x.y');
    expect(literalPrefix('a|b.*')).toBeNull();
    expect(literalPrefix('(?i)a.*')).toBeNull();
    expect(literalPrefix('.*')).toBeNull();
    expect(literalPrefix('a.*b')).toBeNull();
  });
});
