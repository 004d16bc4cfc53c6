#!/usr/bin/env node
// TSDB benchmark: bytes/sample on disk, append throughput, head memory per series,
// select-all and short-window select latency and reopen time, on the data set of ../shared/bench/gen-openmetrics.mjs.
//
//   npx tsc -p electron/tsconfig.json    # emit dist/ first
//   node scripts/bench/tsdb.mjs [--series 10000] [--duration 6h] [--reopen-series 100000]
//        [--work /tmp/hearth-tsdb-bench] [--prometheus http://127.0.0.1:19090] [--skip-reopen]
//
// Numbers are printed as one table at the end; each phase also logs as it goes.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const { TSDB, importOpenMetrics } = await import(join(root, 'dist/electron/core/tsdb/index.js'));
const { Labels } = await import(join(root, 'dist/electron/core/model/labels.js'));
const { Matcher } = await import(join(root, 'dist/electron/core/model/matcher.js'));

const args = { series: 10000, duration: '6h', reopenSeries: 100000, work: '/tmp/hearth-tsdb-bench', prometheus: null, skipReopen: false, child: null };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  const v = () => process.argv[++i];
  if (a === '--series') args.series = Number(v());
  else if (a === '--duration') args.duration = v();
  else if (a === '--reopen-series') args.reopenSeries = Number(v());
  else if (a === '--work') args.work = v();
  else if (a === '--prometheus') args.prometheus = v();
  else if (a === '--skip-reopen') args.skipReopen = true;
  else if (a === '--child') args.child = v();
  else throw new Error(`unknown argument ${a}`);
}

const log = (...m) => console.error('[bench]', ...m);
const mb = (b) => (b / 1048576).toFixed(1) + ' MB';
const ALL = new Matcher('=~', '__name__', '.+');

function dirBytes(dir) {
  let n = 0;
  for (const f of readdirSync(dir)) {
    const st = statSync(join(dir, f));
    n += st.isDirectory() ? dirBytes(join(dir, f)) : st.size;
  }
  return n;
}

function dbBytes(dir) {
  // The database file and its WAL (empty after close's checkpoint); the lock file is not data.
  return readdirSync(dir).filter((f) => f.startsWith('hearth.db')).reduce((s, f) => s + statSync(join(dir, f)).size, 0);
}

/** Child mode: head memory and reopen time with many active series (isolated process, --expose-gc). */
async function reopenChild(dir, nSeries, steps) {
  const gc = globalThis.gc;
  const labelsOf = (i) =>
    Labels.fromObject({ __name__: `metric_${i % 200}`, job: `job${i % 20}`, instance: `host-${Math.floor(i / 200)}.example:9100`, idx: String(i % 50) });
  const t0 = 1704067200000;
  gc(); gc();
  const m0 = process.memoryUsage();
  let db = TSDB.open(dir, { housekeepingIntervalMs: 0 });
  const refs = new Float64Array(nSeries);
  const start = performance.now();
  let samples = 0;
  for (let s = 0; s < steps; s++) {
    const app = db.appender();
    const t = t0 + s * 15000;
    for (let i = 0; i < nSeries; i++) {
      // Labels are built once per series by a scrape loop's cache; here only the ref is reused.
      refs[i] = app.append(refs[i] || 0, refs[i] ? PLACEHOLDER : labelsOf(i), t, (i % 7) * 1.5 + s);
    }
    app.commit();
    samples += nSeries;
    if (s % 60 === 0) db.compactStep(1e9); // what the housekeeping timer does over the same time
  }
  const appendSec = (performance.now() - start) / 1000;
  gc(); gc();
  const m1 = process.memoryUsage();
  // Growable SharedArrayBuffers (the rings) are not in memoryUsage(): count their bytes.
  const sab = Object.values(db.readerHandle().head).reduce((s, b) => s + b.byteLength, 0);
  const used = (m) => m.heapUsed + m.external + m.arrayBuffers;
  const perSeries = (used(m1) - used(m0) + sab) / nSeries;
  const rssPerSeries = (m1.rss - m0.rss) / nSeries;
  const rss = m1.rss;
  db.close();
  const r0 = performance.now();
  db = TSDB.open(dir, { housekeepingIntervalMs: 0 });
  const reopenMs = performance.now() - r0;
  const q0 = performance.now();
  const q = db.querier(t0 + (steps - 20) * 15000, t0 + steps * 15000);
  const got = q.select(false, null, new Matcher('=', 'job', 'job3'));
  const qMs = performance.now() - q0;
  db.close();
  process.stdout.write(JSON.stringify({ perSeries, rssPerSeries, sabPerSeries: sab / nSeries, rss, appendSec, samples, reopenMs, qMs, qSeries: got.length }) + '\n');
}
// Appending by ref: the labels argument is only consulted when the ref is unknown.
const PLACEHOLDER = Labels.fromObject({ __name__: 'placeholder' });

if (args.child) {
  const [dir, n, steps] = args.child.split(',');
  await reopenChild(dir, Number(n), Number(steps));
  process.exit(0);
}

mkdirSync(args.work, { recursive: true });
const gen = join(root, '../shared/bench/gen-openmetrics.mjs');
const omFile = join(args.work, `data-${args.series}-${args.duration}.om`);
if (!existsSync(omFile)) {
  log(`generating ${omFile}`);
  execFileSync(process.execPath, [gen, '--series', String(args.series), '--duration', args.duration, '--seed', '1', '--out', omFile], { stdio: 'inherit' });
}
const results = [];
const row = (what, value, note = '') => {
  results.push([what, value, note]);
  log(what, value, note);
};

// 1. Import (backfill) → bytes/sample of blocks.
const impDir = join(args.work, 'import');
rmSync(impDir, { recursive: true, force: true });
let t = performance.now();
const imp = await importOpenMetrics(omFile, impDir, {});
const impSec = (performance.now() - t) / 1000;
row('import', `${imp.samples} samples, ${imp.series} series in ${impSec.toFixed(1)} s`, `${(imp.samples / impSec / 1e6).toFixed(2)} M samples/s incl. parsing`);
const impBytes = dbBytes(impDir);
row('bytes/sample, imported blocks (file incl. index)', (impBytes / imp.samples).toFixed(3), mb(impBytes));

// 2. Select all series over the whole range (cold connection, then warm).
{
  const db = TSDB.open(impDir, { housekeepingIntervalMs: 0 });
  const times = [];
  let n = 0;
  let samples = 0;
  for (let r = 0; r < 4; r++) {
    t = performance.now();
    const q = db.querier(imp.minTime, imp.maxTime);
    const ss = q.select(false, null, ALL);
    samples = 0;
    for (const s of ss) samples += s.samples.length;
    n = ss.length;
    times.push(performance.now() - t);
  }
  row('select all series over 6h', `${times[0].toFixed(0)} ms cold, ${Math.min(...times.slice(1)).toFixed(0)} ms warm`, `${n} series, ${samples} samples, ${(samples / Math.min(...times.slice(1)) / 1e3).toFixed(1)} M samples/s`);
  // Keep the series' arrays for the append benchmark.
  var series = db.querier(imp.minTime, imp.maxTime).select(true, null, ALL).map((s) => ({ labels: s.labels, t: s.samples.t.slice(0, s.samples.length), v: s.samples.v.slice(0, s.samples.length) }));
  db.close();
}

// 2b. Short windows at the end of the data (what instant queries read): one metric's series
// over the last 10 minutes, with the chunk cache off (every read inflates and decodes) and on.
{
  const M = new Matcher('=', '__name__', 'http_request_duration_seconds_bucket');
  const lo = imp.maxTime - 600_000;
  for (const [label, cacheBytes] of [['no chunk cache', 0], ['chunk cache, warm', undefined]]) {
    const db = TSDB.open(impDir, { housekeepingIntervalMs: 0, chunkCacheBytes: cacheBytes });
    const times = [];
    let n = 0;
    let samples = 0;
    for (let r = 0; r < 7; r++) {
      t = performance.now();
      const ss = db.querier(lo, imp.maxTime).select(false, null, M);
      times.push(performance.now() - t);
      n = ss.length;
      samples = ss.reduce((a, s) => a + s.samples.length, 0);
    }
    const med = times.slice(2).sort((a, b) => a - b)[2];
    row(`select 10 min of ${n} series, ${label}`, `${med.toFixed(1)} ms`, `median of 5 after 2 (first ${times[0].toFixed(0)} ms); ${samples} samples`);
    db.close();
  }
}

// 3. Append throughput through the public appender: one batch per scrape step, all series.
{
  const dir = join(args.work, 'append');
  rmSync(dir, { recursive: true, force: true });
  const db = TSDB.open(dir, { housekeepingIntervalMs: 0 });
  const steps = Math.max(...series.map((s) => s.t.length));
  const refs = new Float64Array(series.length);
  let samples = 0;
  let busy = 0;
  t = performance.now();
  const cpu0 = process.cpuUsage();
  for (let k = 0; k < steps; k++) {
    const app = db.appender();
    for (let i = 0; i < series.length; i++) {
      const s = series[i];
      if (k >= s.t.length) continue;
      refs[i] = app.append(refs[i], s.labels, s.t[k], s.v[k]);
      samples++;
    }
    app.commit();
  }
  const sec = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpu0);
  row('append throughput (public appender, 1 batch per step)', `${(samples / sec / 1e6).toFixed(2)} M samples/s`, `${samples} samples in ${sec.toFixed(1)} s, ${((cpu.user + cpu.system) / 1e6 / sec * 100).toFixed(0)} % of one core`);
  t = performance.now();
  db.compactAll();
  const cSec = (performance.now() - t) / 1000;
  db.close();
  const b = dbBytes(dir);
  row('bytes/sample, appended then compacted (file incl. index)', (b / samples).toFixed(3), `${mb(b)}; compaction ${cSec.toFixed(1)} s`);
  void busy;
}

// 4. Head memory per active series and reopen time: a separate process with --expose-gc.
if (!args.skipReopen) {
  const dir = join(args.work, 'reopen');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const steps = 480; // 2 h at 15 s
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', fileURLToPath(import.meta.url), '--child', `${dir},${args.reopenSeries},${steps}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`reopen child failed: ${r.status}`);
  const o = JSON.parse(r.stdout.trim().split('\n').pop());
  row(`head memory per active series (${args.reopenSeries} series)`, `${o.perSeries.toFixed(0)} B`, `JS heap + shared rings (${o.sabPerSeries.toFixed(0)} B of it) after 2 h of appends; RSS grew ${o.rssPerSeries.toFixed(0)} B/series (incl. SQLite's 64 MB page cache), RSS ${mb(o.rss)}`);
  row(`append throughput, ${args.reopenSeries} series × ${steps} steps`, `${(o.samples / o.appendSec / 1e6).toFixed(2)} M samples/s`, `incl. level-0 cuts and compaction steps`);
  row(`reopen with ${args.reopenSeries} series + 2 h of head data`, `${(o.reopenMs / 1000).toFixed(2)} s`, `then a 5-min query of ${o.qSeries} series: ${o.qMs.toFixed(0)} ms`);
  row('data dir after 2 h', mb(dirBytes(dir)), '');
}

// 5. Prometheus side by side (optional): the same selection as count_over_time over 6h.
if (args.prometheus) {
  const end = Math.ceil(imp.maxTime / 1000);
  const url = `${args.prometheus}/api/v1/query?query=${encodeURIComponent('count(count_over_time({__name__=~".+"}[6h]))')}&time=${end}`;
  const times = [];
  for (let r = 0; r < 4; r++) {
    t = performance.now();
    const res = await fetch(url);
    await res.text();
    times.push(performance.now() - t);
  }
  row('Prometheus: count_over_time over all series, 6h', `${times[0].toFixed(0)} ms first, ${Math.min(...times.slice(1)).toFixed(0)} ms best`, 'HTTP incl.; decodes every sample');
}

console.log('\n| measure | value | note |\n| --- | --- | --- |');
for (const [a, b, c] of results) console.log(`| ${a} | ${b} | ${c} |`);
