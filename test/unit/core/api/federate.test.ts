/**
 * /federate: newest sample per series within the lookback window, external labels added,
 * staleness markers left out, in the text format Prometheus writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { render } from '../../../../electron/core/query/federate.js';
import { Labels } from '../../../../electron/core/model/labels.js';
import { load, startApi, type Harness } from './harness.js';

const NOW = 1_700_000_000_000;
let h: Harness;

beforeAll(async () => {
  h = await startApi({ nowMs: NOW });
  load(h.store, [
    { labels: { __name__: 'up', job: 'node', instance: 'a' }, samples: [[NOW - 30_000, 0], [NOW - 15_000, 1]] },
    { labels: { __name__: 'up', job: 'node', instance: 'gone' }, samples: [[NOW - 30_000, 1]], staleAt: NOW - 15_000 },
    { labels: { __name__: 'up', job: 'node', instance: 'old' }, samples: [[NOW - 400_000, 1]] },
    { labels: { __name__: 'temp', site: 'own', path: 'a"b\\c\nd' }, samples: [[NOW - 1, 1e21]] },
    { labels: { __name__: 'a_first', job: 'x' }, samples: [[NOW, -Infinity]] },
  ]);
});
afterAll(() => h.close());

describe('/federate', () => {
  it('writes the newest samples of matching series, grouped by name, with external labels', async () => {
    const res = await fetch(`${h.url}/federate?match[]=up&match[]=${encodeURIComponent('{__name__=~"temp|a_first"}')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await res.text()).toBe(
      [
        '# TYPE a_first untyped',
        `a_first{job="x",instance="",site="lab"} -Inf ${NOW}`,
        '# TYPE temp untyped',
        `temp{path="a\\"b\\\\c\\nd",site="own",instance=""} 1e+21 ${NOW - 1}`,
        '# TYPE up untyped',
        `up{instance="a",job="node",site="lab"} 1 ${NOW - 15_000}`,
        '',
      ].join('\n'),
    );
  });

  it('answers an empty body without match[], and 400 with the parse error for a bad one', async () => {
    const none = await fetch(`${h.url}/federate`);
    expect(none.status).toBe(200);
    expect(await none.text()).toBe('');
    const bad = await fetch(`${h.url}/federate?match[]=${encodeURIComponent('up{')}`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe('1:4: parse error: unexpected end of input inside braces\n');
  });

  it('quotes UTF-8 names with the text format\'s escapes, which keep a tab as is', () => {
    // JSON quoting, used before, wrote \t, which Prometheus's text parser reads as a backslash and a t.
    const labels = Labels.fromPairs([['__name__', 'a.b\tc'], ['x"y', 'v']]);
    expect(render([{ labels, name: 'a.b\tc', t: 5, v: 2 }], [], true)).toBe('# TYPE "a.b\tc" untyped\n{"a.b\tc","x\\"y"="v"} 2 5\n');
  });
});
