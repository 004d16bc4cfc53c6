/**
 * The rules bench's data: the shared generator's set ending now, its past in an OpenMetrics
 * file for backfilling, its future as one scrape body per 15 s step, continuing the same series.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareDataset } from '../../../../../scripts/bench/rules/dataset.mjs';
import { referenceData } from '../../../../referenceData.js';

const gen = referenceData('bench/gen-openmetrics.mjs');
const work = mkdtempSync(join(tmpdir(), 'hearth-rules-data-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Sample lines of an OpenMetrics or text body: series -> [value, timestamp?][]. */
function samples(text: string): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^(\S+\}|\S+) (\S+)(?: (\S+))?$/.exec(line);
    if (!m) throw new Error(`bad line ${line}`);
    const list = out.get(m[1]!) ?? [];
    list.push(m[3] === undefined ? [m[2]!] : [m[2]!, m[3]]);
    out.set(m[1]!, list);
  }
  return out;
}

describe.skipIf(gen.skip !== null)(`prepareDataset ${gen.skip ?? ''}`, () => {
  it('splits at the current step: history before it, one body per later step, same series and values', async () => {
    const nowMs = 1_800_000_007_500; // 7.5 s into a 15 s step
    const d = await prepareDataset({ generator: gen.path, work, series: 400, historyMs: 5 * 60_000, liveMs: 60_000, nowMs });
    expect(d.cutMs).toBe(1_800_000_000_000);
    expect(d.stepMs).toBe(15_000);
    expect(d.bodies).toHaveLength(4);

    const history = readFileSync(d.historyFile, 'utf8');
    expect(history.endsWith('# EOF\n')).toBe(true);
    expect(history.match(/# EOF/g)).toHaveLength(1);
    const past = samples(history);
    let n = 0;
    for (const list of past.values()) {
      expect(list).toHaveLength(20); // 5 minutes of 15 s steps
      for (const [, t] of list) expect(Number(t) * 1000).toBeLessThan(d.cutMs);
      n += list.length;
    }
    expect(n).toBe(d.historySamples);
    expect(past.size).toBe(d.liveSeries);

    // The whole set, generated in one piece, is the reference for what each step serves.
    const whole = samples(
      execFileSync(process.execPath, [gen.path, '--series', '400', '--duration', '360s', '--start', String((d.cutMs - 300_000) / 1000), '--seed', '1'], {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    );
    for (let k = 0; k < 4; k++) {
      const body = d.bodies[k]!.toString();
      const live = samples(body);
      expect(live.size).toBe(past.size);
      for (const [series, [[v]]] of live as Map<string, [[string]]>) {
        expect(past.has(series)).toBe(true);
        expect(whole.get(series)![20 + k]![0]).toBe(v);
      }
    }
    // Text format 0.0.4: counter families named by their samples, histograms as they are.
    const body = d.bodies[0]!.toString();
    expect(body).toContain('# TYPE http_requests_total counter');
    expect(body).toContain('# TYPE node_cpu_seconds_total counter');
    expect(body).toContain('# TYPE http_request_duration_seconds histogram');
    expect(body).not.toContain('# UNIT');
    expect(body).not.toContain('# EOF');
  });

  it.skipIf(spawnSync('which', ['promtool']).status !== 0)('writes a history promtool backfills (skipped without promtool)', async () => {
    const d = await prepareDataset({ generator: gen.path, work, series: 200, historyMs: 60_000, liveMs: 15_000 });
    const out = execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', d.historyFile, join(work, 'blocks')], { encoding: 'utf8' });
    expect(out).not.toMatch(/error/i);
    const dump = execFileSync('promtool', ['tsdb', 'list', join(work, 'blocks')], { encoding: 'utf8' });
    expect(dump).toContain(String(d.historySamples));
  });

  it('fails with the generator’s own error when it fails', async () => {
    await expect(
      prepareDataset({ generator: join(work, 'no-such-generator.mjs'), work, series: 10, historyMs: 15_000, liveMs: 15_000 }),
    ).rejects.toThrow(/gen-openmetrics\.mjs failed \(exit 1\): .*no-such-generator/s);
  });
});
