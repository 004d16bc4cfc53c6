import { describe, expect, it } from 'vitest';
import { ParseError, parseSeriesDesc, type SequenceValue } from '../../../../../electron/core/promql/parser/index.js';

const NONE = Symbol('omitted');
const STALE = Symbol('stale');

function values(vs: SequenceValue[]): (number | symbol)[] {
  return vs.map((v) => (v.omitted ? NONE : v.stale ? STALE : v.value));
}

describe('parseSeriesDesc', () => {
  it.each([
    ['{} 1 2 3', {}, [1, 2, 3]],
    ['{a="b"} -1 2 3', { a: 'b' }, [-1, 2, 3]],
    ['my_metric 1 2 3', { __name__: 'my_metric' }, [1, 2, 3]],
    ['my_metric{} 1 2 3', { __name__: 'my_metric' }, [1, 2, 3]],
    ['my_metric{a="b"} 1 2 3-10x4', { __name__: 'my_metric', a: 'b' }, [1, 2, 3, -7, -17, -27, -37]],
    ['my_metric{a="b"} 1 2 3-0x4', { __name__: 'my_metric', a: 'b' }, [1, 2, 3, 3, 3, 3, 3]],
    ['{} 1x0', {}, [1]],
    ['{} 1+1x0', {}, [1]],
    ['{} 3x4', {}, [3, 3, 3, 3, 3]],
    ['my_metric{a="b"} 1 3 _ 5 _x4', { __name__: 'my_metric', a: 'b' }, [1, 3, NONE, 5, NONE, NONE, NONE, NONE]],
    ['my_metric{a="b"} 1 -1 -3-10x4 7 9 +5', { __name__: 'my_metric', a: 'b' }, [1, -1, -3, -13, -23, -33, -43, 7, 9, 5]],
    ['my_metric{a="b"} 1 +1 +4 -6 -2 8', { __name__: 'my_metric', a: 'b' }, [1, 1, 4, -6, -2, 8]],
    ['my_metric{a="b"} 1 2 3    ', { __name__: 'my_metric', a: 'b' }, [1, 2, 3]],
    ['my_metric{a="\\u70ac = torch"} 1', { __name__: 'my_metric', a: '炬 = torch' }, [1]],
    ['{"http.requests", "service.name"="api-server", instance="0"}\t\t0+50x2', { __name__: 'http.requests', 'service.name': 'api-server', instance: '0' }, [0, 50, 100]],
    ['m 1 stale 2 stale', { __name__: 'm' }, [1, STALE, 2, STALE]],
    ['m Inf -Inf', { __name__: 'm' }, [Infinity, -Infinity]],
    ['m 0.1+0.1x2', { __name__: 'm' }, [0.1, 0.2, 0.30000000000000004]],
    ['m -30s-1mx2 1ms', { __name__: 'm' }, [-30, -90, -150, 0.001]],
    ['', {}, []],
    // No hex in series lines: 0x10 is 0 repeated ten more times, as in Prometheus.
    ['m 0x10', { __name__: 'm' }, new Array(11).fill(0)],
  ] as [string, Record<string, string>, (number | symbol)[]][])('%j', (input, labels, expected) => {
    const d = parseSeriesDesc(input);
    expect(d.labels.toObject()).toEqual(labels);
    expect(values(d.values)).toEqual(expected);
  });

  it('keeps NaN values as NaN, not as staleness markers', () => {
    const d = parseSeriesDesc('m NaN nan');
    expect(d.values.every((v) => Number.isNaN(v.value) && !v.stale && !v.omitted)).toBe(true);
  });

  it.each([
    ['{} 1+1'],
    ['my_metric{a="b"} 1 3 _ 5 _a4'],
    ['my_metric{a="b"} -3-3 -3'],
    ['my_metric{a="b"} -3 -3-3'],
    ['my_metric{a="b"} -3 _-2'],
    ['my_metric{a="b"} -3 3+3x4-4'],
    ['m 1 foo'],
  ])('rejects %j', (input) => {
    expect(() => parseSeriesDesc(input)).toThrow(ParseError);
  });

  it('words label-set errors as Prometheus does', () => {
    expect(() => parseSeriesDesc('{"http.requests"xx}\t\t0+50x2')).toThrow(
      'parse error: unexpected identifier "xx" in label set, expected "," or "}"',
    );
    expect(() => parseSeriesDesc('{"http.requests"=, x="y"}\t\t0+50x2')).toThrow('parse error: unexpected "," in label set, expected string');
    expect(() => parseSeriesDesc('{"http.requests}\t\t0+50x2')).toThrow('parse error: unterminated quoted string');
  });

  it('refuses native histogram samples with a message a runner can recognise', () => {
    expect(() => parseSeriesDesc('m {{schema:0 sum:1 count:1}}')).toThrow(/native histogram/);
    expect(() => parseSeriesDesc('m 1 2 {{sum:1}}+{{sum:1}}x3')).toThrow(/native histogram/);
  });
});
