// The test parser is the oracle for "valid text format": check that it rejects what it must.
import { describe, expect, it } from 'vitest';
import { parseExposition } from './expositionParser.js';

describe('test exposition parser', () => {
  it('accepts a well-formed body', () => {
    const f = parseExposition('# HELP a A \\\\ b\\n.\n# TYPE a counter\na{x="1",y="q\\"\\n"} 1.5e+06\na{x="2",} NaN 1700000000000\n');
    expect(f.get('a')!.help).toBe('A \\ b\n.');
    expect(f.get('a')!.samples[0]!.labels).toEqual({ x: '1', y: 'q"\n' });
    expect(f.get('a')!.samples[0]!.value).toBe(1.5e6);
  });

  it.each([
    ['no final line feed', 'a 1', /does not end with a line feed/],
    ['bad value', 'a one\n', /invalid value/],
    ['bad escape in a label value', 'a{x="\\t"} 1\n', /invalid escape/],
    ['unterminated label value', 'a{x="1} 1\n', /unterminated|expected/],
    ['duplicate series', 'a{x="1"} 1\na{x="1"} 2\n', /duplicate series/],
    ['TYPE after samples', 'a 1\n# TYPE a gauge\n', /TYPE for a after its samples/],
    ['unknown type', '# TYPE a meter\n', /invalid type/],
    ['family split in two', 'a 1\nb 1\na{x="2"} 1\n', /not contiguous/],
    ['histogram without +Inf', '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n', /no \+Inf bucket/],
    ['histogram count mismatch', '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 1\n', /differs from _count/],
    ['histogram decreasing buckets', '# TYPE h histogram\nh_bucket{le="1"} 3\nh_bucket{le="2"} 2\nh_bucket{le="+Inf"} 3\nh_sum 1\nh_count 3\n', /decrease/],
    ['duplicate label', 'a{x="1",x="2"} 1\n', /duplicate label/],
  ])('rejects %s', (_what, text, err) => {
    expect(() => parseExposition(text)).toThrow(err);
  });
});
