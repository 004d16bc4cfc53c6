import { describe, expect, it } from 'vitest';
import { columnsFromSeries, FastPathError, matrixColumns, parseRangeResponse } from '../../../../renderer/api/matrixParser.js';
import { formatSampleValue } from '../../../../shared/text/float.js';

const enc = (s: string) => new TextEncoder().encode(s);

function viaFastPath(body: string) {
  const env = parseRangeResponse(enc(body));
  if (env.status !== 'success') throw new Error('not success');
  return matrixColumns(env.data);
}

function viaJson(body: string) {
  return columnsFromSeries(JSON.parse(body).data.result);
}

describe('parseRangeResponse', () => {
  it('reads a matrix into the same columns JSON.parse gives', () => {
    const body = JSON.stringify({
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          { metric: { __name__: 'up', job: 'a "quoted" \\ job', héllo: 'wörld ✓', tab: '\t' }, values: [[1700000000, '1'], [1700000015.5, '-0.25'], [1700000030.123, 'NaN'], [1700000045, '+Inf'], [1700000060, '-Inf']] },
          { metric: {}, values: [] },
        ],
      },
      warnings: ['careful'],
    });
    const fast = viaFastPath(body);
    const slow = viaJson(body);
    expect(fast).toEqual(slow);
    expect(fast[0]!.metric).toEqual({ __name__: 'up', job: 'a "quoted" \\ job', héllo: 'wörld ✓', tab: '\t' });
    expect(Array.from(fast[0]!.values)).toEqual([1, -0.25, NaN, Infinity, -Infinity]);
    expect(Array.from(fast[0]!.times)).toEqual([1700000000, 1700000015.5, 1700000030.123, 1700000045, 1700000060]);
    expect((parseRangeResponse(enc(body)) as { warnings: string[] }).warnings).toEqual(['careful']);
  });

  it('parses every value exactly as parseFloat does (Go’s shortest decimal, no exponent)', () => {
    const specials = [0, -0, 1e-300, 5e-324, 1.7976931348623157e308, 0.1, 0.30000000000000004, 123456789012345680000, 9007199254740993, 1 / 3, -2 / 3, 1e21, 4.35, 1234.5678e-10];
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const values: number[] = [...specials];
    for (let i = 0; i < 5000; i++) values.push((rnd() - 0.5) * 10 ** Math.floor(rnd() * 40 - 20));
    const body = JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: values.map((v, i) => [i, formatSampleValue(v)]) }] } });
    const got = viaFastPath(body)[0]!.values;
    const bad: string[] = [];
    for (let i = 0; i < values.length; i++) {
      const text = formatSampleValue(values[i]!);
      if (!Object.is(got[i], parseFloat(text))) bad.push(`${text}: got ${got[i]}`);
    }
    expect(bad).toEqual([]);
    expect(got.length).toBe(values.length);
    expect(Object.is(got[1], -0)).toBe(true);
  });

  it('accepts exponent forms other servers print', () => {
    const body = '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"1e+06"],[2,"2.5E-3"],[3,"-7e0"]]}]}}';
    expect(Array.from(viaFastPath(body)[0]!.values)).toEqual([1e6, 0.0025, -7]);
  });

  it('returns error envelopes as they are', () => {
    const env = parseRangeResponse(enc(' {"status":"error","errorType":"bad_data","error":"1:5: parse error"} \n'));
    expect(env).toEqual({ status: 'error', errorType: 'bad_data', error: '1:5: parse error' });
  });

  it('sends native histograms, odd shapes and malformed JSON to the general path', () => {
    const hist = '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"histograms":[[1,{"count":"1"}]]}]}}';
    expect(() => viaFastPath(hist)).toThrow(FastPathError);
    expect(() => viaFastPath('{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,2]]}]}}')).toThrow(FastPathError);
    expect(() => viaFastPath('{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"x"]]}]}}')).toThrow(FastPathError);
    for (const bad of ['"-"', '"."', '"1e"', '"--1"', '""']) {
      expect(() => viaFastPath(`{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,${bad}]]}]}}`), bad).toThrow(FastPathError);
    }
    expect(() => viaFastPath('{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[-,"1"]]}]}}')).toThrow(FastPathError);
    expect(() => parseRangeResponse(enc('{"status":"success"'))).toThrow(FastPathError);
    expect(() => parseRangeResponse(enc('{"a":1} trailing'))).toThrow(FastPathError);
    expect(() => viaFastPath('{"status":"success","data":{"resultType":"vector","result":[]}}')).toThrow(FastPathError);
  });

  it('handles large results', () => {
    const result = Array.from({ length: 50 }, (_, s) => ({ metric: { s: String(s) }, values: Array.from({ length: 1000 }, (_, k) => [1700000000 + k * 15, String(k * 0.5 + s)]) }));
    const body = JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });
    expect(viaFastPath(body)).toEqual(viaJson(body));
  });
});
