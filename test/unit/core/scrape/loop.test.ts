import { describe, expect, it } from 'vitest';
import { Labels } from '../../../../electron/core/model/labels.js';
import { loopHarness } from './helpers.js';

const T = '{instance="t:1", job="j"}';
/** The printed series `name` with the target's labels and `extra` (`a="1", b="2"`). */
const withT = (name: string, extra = '') => {
  const o: Record<string, string> = { __name__: name, instance: 't:1', job: 'j' };
  for (const m of extra.matchAll(/(\w+)="([^"]*)"/g)) o[m[1]!] = m[2]!;
  return Labels.fromObject(o).toString();
};

describe('ScrapeLoop: a good scrape', () => {
  it('appends samples with the target labels and the five synthetic series', async () => {
    const h = loopHarness('  - job_name: j');
    h.serve('# TYPE a counter\na_total 1\nb{x="1"} 2.5\n');
    await h.scrape(1000);
    expect(h.get(withT('a_total'))).toEqual([[1000, 1]]);
    expect(h.get(withT('b', 'x="1"'))).toEqual([[1000, 2.5]]);
    expect(h.get('up' + T)).toEqual([[1000, 1]]);
    expect(h.get('scrape_samples_scraped' + T)).toEqual([[1000, 2]]);
    expect(h.get('scrape_samples_post_metric_relabeling' + T)).toEqual([[1000, 2]]);
    expect(h.get('scrape_series_added' + T)).toEqual([[1000, 2]]);
    const dur = h.get('scrape_duration_seconds' + T)!;
    expect(dur).toHaveLength(1);
    expect(dur[0]![1]).toBeGreaterThanOrEqual(0);
    expect(h.series().size).toBe(7);
    const t = h.loop.target;
    expect([t.health, t.lastError, t.lastScrapeMs]).toEqual(['up', '', 1000]);
    expect(h.requests[0]!.headers).toMatchObject({
      Accept: expect.stringContaining('application/openmetrics-text;version=1.0.0'),
      'Accept-Encoding': 'gzip',
      'X-Prometheus-Scrape-Timeout-Seconds': '10',
    });
    expect(h.stats.scrapes).toBe(1);
    expect(h.stats.samplesAppended).toBe(7);
  });

  it('reuses the cache: a series is added once, and keeps its label set object', async () => {
    const h = loopHarness('  - job_name: j');
    h.serve('a 1\nb 2\n');
    await h.scrape(1000);
    h.serve('a 3\nb 4\n');
    await h.scrape(2000);
    expect(h.get('scrape_series_added' + T)).toEqual([
      [1000, 2],
      [2000, 0],
    ]);
    expect(h.get(withT('a'))).toEqual([
      [1000, 1],
      [2000, 3],
    ]);
    expect(h.loop.cache.size).toBe(2);
  });

  it('finds cached series when the body changes order, and keeps dropped texts dropped', async () => {
    const h = loopHarness(`  - job_name: j
    metric_relabel_configs:
      - source_labels: [__name__]
        regex: x
        action: drop`);
    h.serve('a 1\nx 0\nb 2\nc 3\n');
    await h.scrape(1000);
    h.serve('c 30\nb 20\nx 0\nnew 5\na 10\n');
    await h.scrape(2000);
    h.serve('a 100\nb 200\n');
    await h.scrape(3000);
    expect(h.get(withT('a'))).toEqual([[1000, 1], [2000, 10], [3000, 100]]);
    expect(h.get(withT('b'))).toEqual([[1000, 2], [2000, 20], [3000, 200]]);
    expect(h.get(withT('c'))).toEqual([[1000, 3], [2000, 30], [3000, 'stale']]);
    expect(h.get(withT('new'))).toEqual([[2000, 5], [3000, 'stale']]);
    expect(h.get(withT('x'))).toBeUndefined();
    expect(h.get('scrape_series_added' + T)).toEqual([[1000, 3], [2000, 1], [3000, 0]]);
    expect(h.loop.cache.size).toBe(2);
  });

  it('records metadata from TYPE, HELP and UNIT', async () => {
    const h = loopHarness('  - job_name: j');
    h.serve(
      '# HELP io_seconds Time in I/O.\n# TYPE io_seconds counter\n# UNIT io_seconds seconds\nio_seconds_total 5\n# EOF\n',
      'application/openmetrics-text; version=1.0.0; charset=utf-8',
    );
    await h.scrape(1000);
    expect(h.loop.cache.getMetadata('io_seconds')).toEqual({ metric: 'io_seconds', type: 'counter', help: 'Time in I/O.', unit: 'seconds' });
    expect(h.loop.target.metadata?.listMetadata()).toHaveLength(1);
  });

  it('follows metadata that changes and changes back between scrapes', async () => {
    const h = loopHarness('  - job_name: j');
    const body = (help: string, type: string) => `# HELP q ${help}\n# TYPE q ${type}\nq 1\n`;
    h.serve(body('First.', 'gauge'));
    await h.scrape(1000);
    h.serve(body('Second.', 'counter'));
    await h.scrape(2000);
    expect(h.loop.cache.getMetadata('q')).toEqual({ metric: 'q', type: 'counter', help: 'Second.', unit: '' });
    h.serve(body('First.', 'gauge'));
    await h.scrape(3000);
    expect(h.loop.cache.getMetadata('q')).toEqual({ metric: 'q', type: 'gauge', help: 'First.', unit: '' });
  });

  it('parses OpenMetrics when the target says so, skipping exemplars and keeping _created', async () => {
    const h = loopHarness('  - job_name: j');
    h.serve('# TYPE r counter\nr_total 3 # {trace="x"} 1\nr_created 17\n# EOF\n', 'application/openmetrics-text; version=1.0.0');
    await h.scrape(1000);
    expect(h.get(withT('r_total'))).toEqual([[1000, 3]]);
    expect(h.get(withT('r_created'))).toEqual([[1000, 17]]);
  });
});

describe('ScrapeLoop: labels of known series texts are not lexed again', () => {
  it('a known text in the same format is taken from the cache; a new one is checked', async () => {
    const h = loopHarness('  - job_name: j');
    h.serve('m{a="1"} 1\n');
    await h.scrape(1000);
    h.serve('m{a="1"} 2\nm{a="2",a="3"} 3\n');
    await h.scrape(2000);
    expect(h.loop.target.lastError).toBe('line 2: label name "a" is not unique: invalid sample');
    h.serve('m{a="1"} 4\n');
    await h.scrape(3000);
    expect(h.get(withT('m', 'a="1"'))).toEqual([[1000, 1], [2000, 'stale'], [3000, 4]]);
  });

  it('after the format changes, texts the cache knows from the other format are checked again', async () => {
    const h = loopHarness('  - job_name: j');
    // A blank after the comma is fine in the text format and an error in OpenMetrics.
    h.serve('m{a="1", b="2"} 1\n');
    await h.scrape(1000);
    expect(h.loop.target.health).toBe('up');
    h.serve('m{a="1", b="2"} 2\n# EOF\n', 'application/openmetrics-text; version=1.0.0');
    await h.scrape(2000);
    expect(h.loop.target.health).toBe('down');
    expect(h.loop.target.lastError).toMatch(/^line 1: expected label name, got " /);
    expect(h.get(withT('m', 'a="1", b="2"'))).toEqual([[1000, 1], [2000, 'stale']]);
  });
});

describe('ScrapeLoop: staleness', () => {
  it('marks series that vanish from the body stale, and takes them back when they return', async () => {
    const h = loopHarness('  - job_name: j');
    h.serve('a 1\nb 2\n');
    await h.scrape(1000);
    h.serve('a 1\n');
    await h.scrape(2000);
    h.serve('a 1\nb 5\n');
    await h.scrape(3000);
    expect(h.get(withT('b'))).toEqual([
      [1000, 2],
      [2000, 'stale'],
      [3000, 5],
    ]);
    expect(h.stats.staleMarkersAppended).toBe(1);
  });

  it('writes end-of-run markers for every series of the last scrape and the synthetic series', async () => {
    const h = loopHarness('  - job_name: j');
    h.serve('a 1\n');
    await h.scrape(1000);
    h.loop.appendEndOfRunStaleness(16000);
    expect(h.get(withT('a'))).toEqual([
      [1000, 1],
      [16000, 'stale'],
    ]);
    expect(h.get('up' + T)).toEqual([
      [1000, 1],
      [16000, 'stale'],
    ]);
  });

  it('with explicit timestamps: no staleness unless track_timestamps_staleness', async () => {
    const plain = loopHarness('  - job_name: j');
    plain.serve('m 1 500\n');
    await plain.scrape(1000);
    plain.serve('');
    await plain.scrape(2000);
    expect(plain.get(withT('m'))).toEqual([[500, 1]]);

    const tracked = loopHarness('  - job_name: j\n    track_timestamps_staleness: true');
    tracked.serve('m 1 500\n');
    await tracked.scrape(1000);
    tracked.serve('');
    await tracked.scrape(2000);
    expect(tracked.get(withT('m'))).toEqual([
      [500, 1],
      [2000, 'stale'],
    ]);
  });

  it('honor_timestamps: false stamps samples with the scrape time', async () => {
    const h = loopHarness('  - job_name: j\n    honor_timestamps: false');
    h.serve('m 1 500\n');
    await h.scrape(1000);
    expect(h.get(withT('m'))).toEqual([[1000, 1]]);
  });
});

describe('ScrapeLoop: a failed scrape stores nothing of its body', () => {
  it('parse error: up 0, the error names the line, previous series stale, no sample from the body', async () => {
    const h = loopHarness('  - job_name: j');
    h.serve('a 1\nb 2\n');
    await h.scrape(1000);
    h.serve('a 5\nb{x="1"} 2 garbage\n');
    await h.scrape(2000);
    expect(h.loop.target.health).toBe('down');
    expect(h.loop.target.lastError).toBe(
      'line 2: expected timestamp or new record, got "g" ("INVALID") while parsing: "b{x=\\"1\\"} 2 g"',
    );
    expect(h.get('up' + T)).toEqual([
      [1000, 1],
      [2000, 0],
    ]);
    expect(h.get(withT('a'))).toEqual([
      [1000, 1],
      [2000, 'stale'],
    ]);
    expect(h.get(withT('b', 'x="1"'))).toBeUndefined();
    expect(h.get('scrape_samples_scraped' + T)).toEqual([
      [1000, 2],
      [2000, 1],
    ]);
    expect(h.get('scrape_series_added' + T)).toEqual([
      [1000, 2],
      [2000, 0],
    ]);
    // The target recovers on the next good scrape.
    h.serve('a 6\n');
    await h.scrape(3000);
    expect(h.get(withT('a'))!.at(-1)).toEqual([3000, 6]);
    expect(h.loop.target.health).toBe('up');
  });

  it('transport error: up 0 with the error, every series of the previous scrape stale', async () => {
    const h = loopHarness('  - job_name: j');
    h.serve('a 1\n');
    await h.scrape(1000);
    h.fail('Get "http://t:1/metrics": context deadline exceeded');
    await h.scrape(2000);
    expect(h.loop.target.lastError).toBe('Get "http://t:1/metrics": context deadline exceeded');
    expect(h.get(withT('a'))).toEqual([
      [1000, 1],
      [2000, 'stale'],
    ]);
    expect(h.get('scrape_samples_scraped' + T)!.at(-1)).toEqual([2000, 0]);
    expect(h.stats.scrapeFailures).toBe(1);
  });

  it('forced error (target_limit): no request, up 0', async () => {
    const h = loopHarness('  - job_name: j');
    h.loop.setForcedError('target_limit exceeded (number of targets: 2, limit: 1)');
    h.serve('a 1\n');
    await h.scrape(1000);
    expect(h.requests).toHaveLength(0);
    expect(h.get('up' + T)).toEqual([[1000, 0]]);
    expect(h.loop.target.lastError).toBe('target_limit exceeded (number of targets: 2, limit: 1)');
  });

  it('missing Content-Type fails unless fallback_scrape_protocol is set', async () => {
    const h = loopHarness('  - job_name: j');
    h.serve('a 1\n', '');
    await h.scrape(1000);
    expect(h.loop.target.lastError).toBe(
      'non-compliant scrape target sending blank Content-Type and no fallback_scrape_protocol specified for target',
    );
    const f = loopHarness('  - job_name: j\n    fallback_scrape_protocol: PrometheusText0.0.4');
    f.serve('a 1\n', '');
    await f.scrape(1000);
    expect(f.loop.target.health).toBe('up');
    expect(f.get(withT('a'))).toEqual([[1000, 1]]);
  });

  it('an empty body is an empty scrape: up 1, previous series stale', async () => {
    const h = loopHarness('  - job_name: j');
    h.serve('a 1\n');
    await h.scrape(1000);
    h.serve('');
    await h.scrape(2000);
    expect(h.get('up' + T)!.at(-1)).toEqual([2000, 1]);
    expect(h.get(withT('a'))!.at(-1)).toEqual([2000, 'stale']);
  });
});

describe('ScrapeLoop: target labels on samples', () => {
  it('honor_labels: false moves conflicting exposed labels to exported_ (and exported_exported_)', async () => {
    const h = loopHarness('  - job_name: j');
    h.serve('m{job="exp",instance="i",exported_job="z"} 1\n');
    await h.scrape(1000);
    expect([...h.series().keys()]).toContain(
      'm{exported_exported_job="exp", exported_instance="i", exported_job="z", instance="t:1", job="j"}',
    );
  });

  it('honor_labels: true keeps the exposed values and adds only missing target labels', async () => {
    const h = loopHarness('  - job_name: j\n    honor_labels: true');
    h.serve('m{job="exp"} 1\n');
    await h.scrape(1000);
    expect(h.get('m{instance="t:1", job="exp"}')).toEqual([[1000, 1]]);
  });

  it('metric_relabel_configs drop and rewrite samples; post_metric_relabeling counts what is left', async () => {
    const h = loopHarness(`  - job_name: j
    metric_relabel_configs:
      - source_labels: [__name__]
        regex: drop_me
        action: drop
      - source_labels: [dev]
        target_label: device
      - regex: dev
        action: labeldrop`);
    h.serve('drop_me 1\nio{dev="sda"} 2\nio{dev="sdb"} 3\n');
    await h.scrape(1000);
    await h.scrape(2000);
    expect(h.get(withT('io', 'device="sda"'))).toEqual([
      [1000, 2],
      [2000, 2],
    ]);
    expect(h.get(withT('drop_me'))).toBeUndefined();
    expect(h.get('scrape_samples_scraped' + T)).toEqual([
      [1000, 3],
      [2000, 3],
    ]);
    expect(h.get('scrape_samples_post_metric_relabeling' + T)).toEqual([
      [1000, 2],
      [2000, 2],
    ]);
  });

  it('a sample relabelled away entirely (empty label set) is dropped', async () => {
    const h = loopHarness(`  - job_name: j
    metric_relabel_configs:
      - regex: '.*'
        action: labeldrop`);
    h.serve('m 1\n');
    await h.scrape(1000);
    expect(h.get('scrape_samples_post_metric_relabeling' + T)).toEqual([[1000, 0]]);
  });
});

describe('ScrapeLoop: duplicates', () => {
  it('the same series twice fails the scrape, naming both lines', async () => {
    const h = loopHarness('  - job_name: j');
    h.serve('a 0\nm{a="1"} 1\nm{a="1"} 2\n');
    await h.scrape(1000);
    expect(h.loop.target.lastError).toBe('line 3: duplicate series m{a="1", instance="t:1", job="j"} (already on line 2)');
    expect(h.get(withT('m', 'a="1"'))).toBeUndefined();
  });

  it('also when the labels are written in another order, and on a later (cached) scrape', async () => {
    const h = loopHarness('  - job_name: j');
    h.serve('m{a="1",b="2"} 1\n');
    await h.scrape(1000);
    h.serve('m{a="1",b="2"} 1\nm{b="2",a="1"} 2\n');
    await h.scrape(2000);
    expect(h.loop.target.lastError).toBe('line 2: duplicate series m{a="1", b="2", instance="t:1", job="j"} (already on line 1)');
  });

  it('allows repeats with explicit timestamps', async () => {
    const h = loopHarness('  - job_name: j');
    h.serve('m 1 100\nm 2 200\n');
    await h.scrape(1000);
    expect(h.get(withT('m'))).toEqual([
      [100, 1],
      [200, 2],
    ]);
  });

  it('two series that relabelling maps onto one are not an exposition error: the second is dropped and counted', async () => {
    const h = loopHarness(`  - job_name: j
    metric_relabel_configs:
      - regex: a
        action: labeldrop`);
    h.serve('m{a="1"} 1\nm{a="2"} 2\n');
    await h.scrape(1000);
    expect(h.loop.target.health).toBe('up');
    expect(h.get(withT('m'))).toEqual([[1000, 1]]);
    expect(h.stats.sampleDuplicateTimestamp).toBe(1);
  });
});

describe('ScrapeLoop: limits', () => {
  it('sample_limit: the whole scrape fails, nothing of it stored, counts still reported', async () => {
    const h = loopHarness('  - job_name: j\n    sample_limit: 2');
    h.serve('a 1\nb 2\nc 3\n');
    await h.scrape(1000);
    expect(h.loop.target.lastError).toBe('sample limit exceeded');
    expect(h.get(withT('a'))).toBeUndefined();
    expect(h.get('up' + T)).toEqual([[1000, 0]]);
    expect(h.get('scrape_samples_scraped' + T)).toEqual([[1000, 3]]);
    expect(h.get('scrape_samples_post_metric_relabeling' + T)).toEqual([[1000, 3]]);
    expect(h.stats.exceededSampleLimit).toBe(1);
  });

  it('sample_limit counts after relabelling', async () => {
    const h = loopHarness(`  - job_name: j
    sample_limit: 2
    metric_relabel_configs:
      - source_labels: [__name__]
        regex: c
        action: drop`);
    h.serve('a 1\nb 2\nc 3\n');
    await h.scrape(1000);
    expect(h.loop.target.health).toBe('up');
  });

  it('label_limit, label_name_length_limit, label_value_length_limit', async () => {
    const a = loopHarness('  - job_name: j\n    label_limit: 4');
    a.serve('ok 1\nm{a="1",b="2"} 1\n');
    await a.scrape(1000);
    expect(a.loop.target.lastError).toBe('line 2: label_limit exceeded (metric: m, number of labels: 5, limit: 4)');

    const n = loopHarness('  - job_name: j\n    label_name_length_limit: 10');
    n.serve('m{a_very_long_name="1"} 1\n');
    await n.scrape(1000);
    expect(n.loop.target.lastError).toBe(
      'line 1: label_name_length_limit exceeded (metric: m, label name: a_very_long_name, length: 16, limit: 10)',
    );

    const v = loopHarness('  - job_name: j\n    label_value_length_limit: 4');
    v.serve('m{v="toolong"} 1\n');
    await v.scrape(1000);
    expect(v.loop.target.lastError).toBe(
      'line 1: label_value_length_limit exceeded (metric: m, label name: v, value: "toolong", length: 7, limit: 4)',
    );
    expect(v.stats.exceededLabelLimits).toBe(1);
  });

  it('legacy name validation refuses UTF-8 names', async () => {
    const h = loopHarness('  - job_name: j\n    metric_name_validation_scheme: legacy\n    metric_name_escaping_scheme: underscores');
    h.serve('{"my.metric"} 1\n');
    await h.scrape(1000);
    expect(h.loop.target.lastError).toBe('line 1: invalid metric name or label names: {"my.metric", instance="t:1", job="j"}');
  });

  it('drops samples too far in the future without failing the scrape', async () => {
    const h = loopHarness('  - job_name: j');
    h.serve('future 1 99999999999999\nnow 2\n');
    await h.scrape(1000);
    expect(h.loop.target.health).toBe('up');
    expect(h.get(withT('future'))).toBeUndefined();
    expect(h.get(withT('now'))).toEqual([[1000, 2]]);
    expect(h.stats.sampleOutOfBounds).toBe(1);
  });
});

describe('ScrapeLoop: refs from an appender that did not commit are not kept', () => {
  it('after a rolled-back attempt and after a failed commit, new series are looked up by labels again', async () => {
    const h = loopHarness('  - job_name: j');
    const seen: Array<[string, number]> = [];
    let failCommit = false;
    const inner = h.store;
    (h.loop as unknown as { o: { appendable: unknown } }).o.appendable = {
      appender: () => {
        const a = inner.appender();
        return {
          append: (ref: number, ls: { toString(): string }, t: number, v: number) => {
            seen.push([ls.toString(), ref]);
            // Hand out refs a real store could reuse after a rollback.
            return a.append(ref, ls as never, t, v) + 1000;
          },
          appendStale: (ref: number, ls: unknown, t: number) => a.appendStale(0, ls as never, t) + 1000,
          commit: () => {
            if (failCommit) {
              a.rollback();
              throw new Error('disk full');
            }
            a.commit();
          },
          rollback: () => a.rollback(),
        };
      },
    };
    h.serve('a 1\n');
    failCommit = true;
    await h.scrape(1000);
    failCommit = false;
    await h.scrape(2000);
    const refsForA = seen.filter(([l]) => l === withT('a')).map(([, r]) => r);
    expect(refsForA).toEqual([0, 0]);
    h.serve('a 1\nb 2\nbroken{');
    await h.scrape(3000);
    h.serve('a 1\nb 2\n');
    await h.scrape(4000);
    const refsForB = seen.filter(([l]) => l === withT('b')).map(([, r]) => r);
    expect(refsForB).toEqual([0, 0]);
  });
});

