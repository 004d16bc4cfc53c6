import { describe, expect, it } from 'vitest';
import { Registry, exponentialBuckets, linearBuckets } from '../../../../electron/core/collector/index.js';
import type { Logger } from '../../../../electron/core/log.js';
import { parseExposition } from './expositionParser.js';

function captureLogger(lines: string[]): Logger {
  const l: Logger = {
    debug: (m) => lines.push(`debug ${m}`),
    info: (m) => lines.push(`info ${m}`),
    warn: (m, f) => lines.push(`warn ${m} ${JSON.stringify(f)}`),
    error: (m) => lines.push(`error ${m}`),
    with: () => l,
  };
  return l;
}

describe('Registry.render', () => {
  it('renders counters, gauges, histograms and funcs sorted by name, exactly as client_golang would', () => {
    const reg = new Registry();
    const requests = reg.counter('hearth_http_requests_total', 'HTTP requests by handler and code.', ['handler', 'code']);
    requests.labels('/api/v1/query', '200').inc();
    requests.labels('/api/v1/query', '200').inc(2);
    requests.inc({ code: '400', handler: '/api/v1/query' });
    requests.labels({ handler: '/metrics', code: '200' }).inc(0.5);
    const up = reg.gauge('hearth_up', 'Whether Hearth is up.');
    up.set(1);
    const dur = reg.histogram('hearth_scrape_duration_seconds', 'Scrape durations.', [0.1, 0.5, 1], ['job']);
    dur.observe({ job: 'node' }, 0.05);
    dur.observe({ job: 'node' }, 0.1); // on a bound: counted in le="0.1"
    dur.labels('node').observe(0.7);
    dur.labels('node').observe(3);
    reg.counterFunc('hearth_tsdb_samples_appended_total', 'Samples appended.', () => 1234567);
    reg.gaugeFunc('hearth_targets', 'Targets by job and health.', () => [
      { labels: { job: 'node', health: 'up' }, value: 1 },
      { labels: { job: 'hearth', health: 'up' }, value: 1 },
    ]);
    expect(reg.render()).toBe(
      [
        '# HELP hearth_http_requests_total HTTP requests by handler and code.',
        '# TYPE hearth_http_requests_total counter',
        'hearth_http_requests_total{code="200",handler="/api/v1/query"} 3',
        'hearth_http_requests_total{code="200",handler="/metrics"} 0.5',
        'hearth_http_requests_total{code="400",handler="/api/v1/query"} 1',
        '# HELP hearth_scrape_duration_seconds Scrape durations.',
        '# TYPE hearth_scrape_duration_seconds histogram',
        'hearth_scrape_duration_seconds_bucket{job="node",le="0.1"} 2',
        'hearth_scrape_duration_seconds_bucket{job="node",le="0.5"} 2',
        'hearth_scrape_duration_seconds_bucket{job="node",le="1"} 3',
        'hearth_scrape_duration_seconds_bucket{job="node",le="+Inf"} 4',
        'hearth_scrape_duration_seconds_sum{job="node"} 3.85',
        'hearth_scrape_duration_seconds_count{job="node"} 4',
        '# HELP hearth_targets Targets by job and health.',
        '# TYPE hearth_targets gauge',
        'hearth_targets{health="up",job="hearth"} 1',
        'hearth_targets{health="up",job="node"} 1',
        '# HELP hearth_tsdb_samples_appended_total Samples appended.',
        '# TYPE hearth_tsdb_samples_appended_total counter',
        'hearth_tsdb_samples_appended_total 1.234567e+06',
        '# HELP hearth_up Whether Hearth is up.',
        '# TYPE hearth_up gauge',
        'hearth_up 1',
        '',
      ].join('\n'),
    );
  });

  it('shows an unlabelled counter and histogram at zero before any use, and leaves out labelled metrics without series', () => {
    const reg = new Registry();
    reg.counter('a_total', 'A.');
    reg.histogram('b_seconds', 'B.', [1]);
    reg.gauge('c', 'C.', ['x']);
    expect(reg.render()).toBe(
      [
        '# HELP a_total A.',
        '# TYPE a_total counter',
        'a_total 0',
        '# HELP b_seconds B.',
        '# TYPE b_seconds histogram',
        'b_seconds_bucket{le="1"} 0',
        'b_seconds_bucket{le="+Inf"} 0',
        'b_seconds_sum 0',
        'b_seconds_count 0',
        '',
      ].join('\n'),
    );
  });

  it('escapes HELP text and label values, and parses back to the same strings', () => {
    const reg = new Registry();
    const help = 'Line one\nline two with a backslash \\ and "quotes".';
    const g = reg.gauge('weird_labels', help, ['path', 'msg']);
    const path = 'C:\\Program Files\\Hearth';
    const msg = 'say "hi"\nthen \\n literally';
    g.set({ path, msg }, -2.5);
    g.set({ path: '', msg: 'ünïcödé ✓' }, NaN);
    const text = reg.render();
    expect(text).toContain('# HELP weird_labels Line one\\nline two with a backslash \\\\ and "quotes".\n');
    expect(text).toContain('weird_labels{msg="say \\"hi\\"\\nthen \\\\n literally",path="C:\\\\Program Files\\\\Hearth"} -2.5\n');
    const fams = parseExposition(text);
    const f = fams.get('weird_labels')!;
    expect(f.help).toBe(help);
    expect(f.type).toBe('gauge');
    expect(f.samples).toHaveLength(2);
    const byMsg = new Map(f.samples.map((s) => [s.labels.msg, s]));
    expect(byMsg.get(msg)!.labels.path).toBe(path);
    expect(byMsg.get(msg)!.value).toBe(-2.5);
    expect(byMsg.get('ünïcödé ✓')!.labels.path).toBe('');
    expect(byMsg.get('ünïcödé ✓')!.value).toBeNaN();
  });

  it('produces valid text format for a busy registry (parsed back, histograms checked)', () => {
    const reg = new Registry();
    const c = reg.counter('ops_total', 'Ops.', ['op']);
    const h = reg.histogram('latency_seconds', 'Latency.', exponentialBuckets(0.001, 2, 12), ['route', 'method']);
    const g = reg.gauge('temperature_celsius', 'Temp.', ['room']);
    for (let i = 0; i < 500; i++) {
      c.labels(`op${i % 7}`).inc(i % 3);
      h.observe({ route: `/r${i % 5}`, method: i % 2 ? 'GET' : 'POST' }, (i % 37) / 100);
      g.labels(`room-${i % 4}`).set(20 + (i % 9) / 10);
    }
    h.observe({ route: '/r0', method: 'GET' }, Infinity);
    reg.gaugeFunc('infos', 'Infos.', () => [{ labels: { a: 'x' }, value: Infinity }, { labels: { a: 'y' }, value: -Infinity }]);
    const fams = parseExposition(reg.render());
    expect([...fams.keys()]).toEqual(['infos', 'latency_seconds', 'ops_total', 'temperature_celsius']);
    expect(fams.get('ops_total')!.samples).toHaveLength(7);
    expect(fams.get('latency_seconds')!.samples).toHaveLength(10 * (12 + 3));
    const total = fams.get('latency_seconds')!.samples.filter((s) => s.name === 'latency_seconds_count').reduce((a, s) => a + s.value, 0);
    expect(total).toBe(501);
    expect(fams.get('infos')!.samples.map((s) => s.value)).toEqual([Infinity, -Infinity]);
  });
});

describe('metric operations', () => {
  it('counts, sets, increments and reads back', () => {
    const reg = new Registry();
    const c = reg.counter('c_total', 'C.', ['k']);
    const child = c.labels('a');
    child.inc();
    child.inc(4);
    expect(c.get({ k: 'a' })).toBe(5);
    expect(c.get({ k: 'b' })).toBe(0);
    const g = reg.gauge('g', 'G.');
    g.set(10);
    g.inc();
    g.dec(3);
    expect(g.get()).toBe(8);
    g.labels().setToCurrentTime();
    expect(Math.abs(g.get() - Date.now() / 1000)).toBeLessThan(5);
  });

  it('removes a series and resets a metric', () => {
    const reg = new Registry();
    const c = reg.counter('c_total', 'C.', ['k']);
    c.inc({ k: 'a' });
    c.inc({ k: 'b' });
    c.remove({ k: 'a' });
    expect(reg.render()).not.toContain('k="a"');
    expect(reg.render()).toContain('c_total{k="b"} 1');
    c.reset();
    expect(reg.render()).toBe('');
    const u = reg.counter('u_total', 'U.');
    u.inc(3);
    u.reset();
    expect(reg.render()).toContain('u_total 0\n');
    u.inc(2);
    u.remove({});
    u.inc();
    expect(reg.render()).toContain('u_total 1\n');
  });

  it('says what is wrong when an unlabelled call is made on a labelled metric', () => {
    const reg = new Registry();
    expect(() => reg.counter('l_total', 'L.', ['job']).inc()).toThrow('metric "l_total": expected 1 label values (job), got 0');
  });

  it('times observations into a histogram', async () => {
    const reg = new Registry();
    const h = reg.histogram('t_seconds', 'T.', [0.001, 10]);
    const end = h.startTimer();
    await new Promise((r) => setTimeout(r, 5));
    const s = end();
    expect(s).toBeGreaterThan(0.003);
    expect(s).toBeLessThan(10);
    const text = reg.render();
    expect(text).toContain('t_seconds_bucket{le="0.001"} 0\n');
    expect(text).toContain('t_seconds_bucket{le="10"} 1\n');
    expect(text).toContain('t_seconds_count 1\n');
  });

  it('accepts a trailing +Inf bucket and builds bucket lists', () => {
    const reg = new Registry();
    const h = reg.histogram('h', 'H.', [1, 2, Infinity]);
    expect([...h.buckets]).toEqual([1, 2]);
    expect(exponentialBuckets(1, 10, 3)).toEqual([1, 10, 100]);
    expect(linearBuckets(0.5, 0.5, 3)).toEqual([0.5, 1, 1.5]);
    expect(() => exponentialBuckets(0, 2, 3)).toThrow(/start > 0/);
    expect(() => linearBuckets(0, 0, 3)).toThrow(/width > 0/);
  });
});

describe('errors', () => {
  it('rejects bad names, duplicate registrations and reserved labels', () => {
    const reg = new Registry();
    expect(() => reg.counter('1bad', 'x')).toThrow('invalid metric name "1bad"');
    expect(() => reg.gauge('ok', 'x', ['bad-label'])).toThrow('metric "ok": invalid label name "bad-label"');
    expect(() => reg.gauge('ok2', 'x', ['__reserved'])).toThrow('invalid label name "__reserved"');
    expect(() => reg.gauge('ok3', 'x', ['a', 'a'])).toThrow('duplicate label name "a"');
    expect(() => reg.histogram('h', 'x', [1], ['le'])).toThrow('label name "le" is reserved');
    reg.counter('dup_total', 'x');
    expect(() => reg.gaugeFunc('dup_total', 'x', () => 1)).toThrow('a metric named "dup_total" is already registered');
  });

  it('rejects unsorted or non-finite buckets', () => {
    const reg = new Registry();
    expect(() => reg.histogram('h1', 'x', [1, 1])).toThrow('buckets must be in increasing order (1 then 1)');
    expect(() => reg.histogram('h2', 'x', [2, 1])).toThrow('increasing order');
    expect(() => reg.histogram('h3', 'x', [NaN])).toThrow('bucket NaN is not a finite number');
  });

  it('rejects wrong label values and negative counter increments', () => {
    const reg = new Registry();
    const c = reg.counter('c_total', 'C.', ['a', 'b']);
    expect(() => c.labels('x')).toThrow('metric "c_total": expected 2 label values (a, b), got 1');
    expect(() => c.inc({ a: 'x' })).toThrow('missing label "b"');
    expect(() => c.inc({ a: 'x', b: 'y', z: 'w' })).toThrow('unknown label "z"');
    expect(() => c.labels('x', 'y').inc(-1)).toThrow('counter cannot be increased by -1');
    expect(() => c.labels('x', 'y').inc(NaN)).toThrow('counter cannot be increased by NaN');
  });

  it('leaves out a func family that throws or returns bad labels, logs it, and renders the rest', () => {
    const lines: string[] = [];
    const reg = new Registry({ logger: captureLogger(lines) });
    reg.gaugeFunc('broken', 'B.', () => {
      throw new Error('engine not ready');
    });
    reg.gaugeFunc('bad_labels', 'B.', () => [{ labels: { 'no-dash': 'x' }, value: 1 }]);
    reg.gaugeFunc('fine', 'F.', () => 2);
    expect(reg.render()).toBe('# HELP fine F.\n# TYPE fine gauge\nfine 2\n');
    expect(lines).toEqual([
      'warn Failed to collect metric {"metric":"bad_labels","err":"metric \\"bad_labels\\": invalid label name \\"no-dash\\""}',
      'warn Failed to collect metric {"metric":"broken","err":"engine not ready"}',
    ]);
  });

  it('unregisters a metric so its name can be used again', () => {
    const reg = new Registry();
    reg.gaugeFunc('g', 'G.', () => 1);
    expect(reg.unregister('g')).toBe(true);
    expect(reg.unregister('g')).toBe(false);
    reg.gaugeFunc('g', 'G again.', () => 2);
    expect(reg.render()).toBe('# HELP g G again.\n# TYPE g gauge\ng 2\n');
  });
});
