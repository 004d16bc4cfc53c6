/**
 * The patterns V8 may match: only those whose backtracking is provably linear, and for those
 * V8 gives RE2's answer (checked against RE2 itself on generated patterns and strings).
 */
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { linearSafe } from '../../../../electron/core/model/linearSafe.js';
import { compileAnchoredRegex } from '../../../../electron/core/model/regex.js';
import { compileJs } from '../../../../electron/core/model/regexJs.js';

describe('linearSafe', () => {
  it('admits fixed-width patterns with one loop (and a free final .*)', () => {
    for (const p of ['5..', 'node_.*_total.*', '/api/v[0-9]/.+', '(?:ab)+c', '(?P<x>[^:]+):9100', '\\d+\\.\\w', '[]a-]+x', 'a*?b', 'x.*']) {
      expect(linearSafe(p), p).toBe(true);
    }
  });

  it('refuses anything that could backtrack more, or mean something else in V8', () => {
    for (const p of ['(a+)+b', '(.*.*)*X', '(.*){6}X', '(a|aa)+', 'a?a?aa', '.*a.*b', 'a|b', 'x{2,}', '(?i)ab', '\\s+', '\\bx', '\\pL+', '[[:alpha:]]+', '\\Q.*\\E', 'a\\1']) {
      expect(linearSafe(p), p).toBe(false);
    }
  });

  it('V8 and RE2 agree on every admitted pattern (generated, fixed seed)', () => {
    const atom = fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '\\d', '\\w', '\\.', '(a)', '(?:ab)', '(?P<n>b)', '^', '$');
    const quant = fc.constantFrom('', '', '', '*', '+', '*?', '+?');
    const pattern = fc.array(fc.tuple(atom, quant), { minLength: 1, maxLength: 5 }).map((parts) => parts.map(([a, q]) => a + q).join(''));
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '1', '.', '\n', '_', 'é'), maxLength: 10 });
    let admitted = 0;
    fc.assert(
      fc.property(pattern, fc.array(text, { minLength: 5, maxLength: 5 }), (p, texts) => {
        if (!linearSafe(p)) return true;
        // V8 refuses some patterns RE2 takes (a quantified `$`): those stay with RE2.
        const js = compileJs(p);
        if (js === null) return true;
        admitted++;
        const re2 = RE2JS.compile(`(?s:${p})`);
        for (const t of texts) {
          const m = re2.matcher(t);
          const ok = m.matches();
          const got = js!.exec(t);
          expect(got !== null, `${p} on ${JSON.stringify(t)}`).toBe(ok);
          if (got && ok) for (let g = 0; g <= m.groupCount(); g++) expect(got[g] ?? null, `${p} group ${g}`).toBe(m.group(g));
        }
        return true;
      }),
      { seed: 15, numRuns: 2_000 },
    );
    expect(admitted).toBeGreaterThan(500);
  });

  it('admitted patterns stay fast on inputs built to make them backtrack', () => {
    const long = 'a'.repeat(50_000) + '!';
    for (const p of ['a+a', '(?:aa)+b', 'a*aaab', 'node_.*_total.*', '.+aX']) {
      expect(linearSafe(p), p).toBe(true);
      const t0 = performance.now();
      expect(compileAnchoredRegex(p).test(long), p).toBe(false);
      expect(performance.now() - t0, p).toBeLessThan(500);
    }
  });
});
