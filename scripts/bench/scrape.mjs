#!/usr/bin/env node
// Scrape engine benchmark (plain Node, compiled code from dist/).
//
//   npx tsc -p electron/tsconfig.json && node scripts/bench/scrape.mjs [options]
//
// Sections (all by default; pick with --only parse,e2e,fleet,prometheus):
//   parse       exposition parsing speed, MB/s and samples/s, on a node_exporter-sized body
//               (~1,500 series) and on a 50,000-series body, text format and OpenMetrics;
//               "scan" is what a scrape with a warm cache does per sample (lex, value, cache
//               key), "labels" also builds every label set (a cold cache).
//   e2e         CPU seconds per million samples scraped and stored end to end into
//               storage, over HTTP from ../shared/bench/serve-exposition.mjs, in the two
//               scenarios of PROMETHEUS-REFERENCE.md (node20: node_exporter body x 20 targets
//               @1s; large50k: 50k series x 1 target @1s), into the real TSDB (its housekeeping
//               included), into MemoryStorage, and into a storage that discards, to show the
//               scrape path alone.
//   fleet       500 targets x ~500 series at 15s in this one process (one core): whether
//               every scrape starts on time, and the CPU it takes.
//   prometheus  the same two e2e scenarios run by the real Prometheus through
//               ../shared/bench/scrape-bench.sh (needs `prometheus` on PATH), for comparison.
//               Not run by default (pass --only ...,prometheus or --prometheus).
//   versus      the comparison the README quotes: `hearth serve` as its own process (API,
//               TSDB and all) against Prometheus, both scraping the same bodies with the same
//               prometheus.yml, in alternating rounds (--rounds, default 3); CPU of each whole
//               process from /proc, samples from each one's own counter; medians and ratios.
//               Warm-up 60 s unless --warmup says otherwise. Not run by default (--only versus).
//
// Options: --quick (shorter runs), --warmup S, --measure S, --fleet-seconds S, --prometheus,
// --rounds N, --scenarios node20,large50k (versus only).
// Every process it starts is stopped before it exits.

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const dist = path.join(root, 'dist/electron/core');
const shared = path.resolve(root, '../shared/bench');
const NODE_BODY = path.join(shared, 'results/node_exporter-sample.txt');

if (!fs.existsSync(path.join(dist, 'scrape/manager.js'))) {
  console.error('dist/ is missing: build first with `npx tsc -p electron/tsconfig.json`');
  process.exit(2);
}

const { PromParser, OpenMetricsParser, Entry } = await import(path.join(dist, 'scrape/textparse/index.js'));
const { ScrapeManager } = await import(path.join(dist, 'scrape/manager.js'));
const { MemoryStorage } = await import(path.join(dist, 'storage/memory.js'));
const { TSDB } = await import(path.join(dist, 'tsdb/index.js'));

/** The real TSDB in a fresh temporary directory; removed again when the bench closes it. */
function tempTSDB() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-scrape-bench-'));
  const db = TSDB.open(dir);
  const close = db.close.bind(db);
  db.close = () => {
    close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return db;
}
const { parseConfig } = await import(path.join(dist, 'config/parse.js'));

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const quick = flag('--quick');
const only = new Set(opt('--only', 'parse,e2e,fleet').split(','));
if (flag('--prometheus')) only.add('prometheus');
const warmupS = Number(opt('--warmup', quick ? 5 : 15));
// Whole processes are compared in their steady state: V8 is still compiling Hearth's hot
// functions during the first minute (about a tenth of its CPU then), which says nothing
// about a server that runs for days. Prometheus gets the same warm-up.
const versusWarmupS = Number(opt('--warmup', quick ? 5 : 60));
const measureS = Number(opt('--measure', quick ? 15 : 45));
const fleetS = Number(opt('--fleet-seconds', quick ? 45 : 90));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-scrape-bench-'));
const children = new Set();
process.on('exit', () => {
  for (const c of children) c.kill('SIGTERM');
  fs.rmSync(work, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

function cpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

// --- bodies --------------------------------------------------------------------------

/** The node_exporter sample three times, each copy with a `shard` label: ~1,500 series. */
function nodeSizedBody() {
  const lines = fs.readFileSync(NODE_BODY, 'utf8').split('\n');
  const out = [];
  for (let k = 0; k < 3; k++) {
    for (const l of lines) {
      if (l === '') continue;
      if (l.startsWith('#')) {
        if (k === 0) out.push(l);
        continue;
      }
      const m = /^([^{ ]+)(\{[^}]*\})? (.*)$/.exec(l);
      if (!m) continue;
      const inner = m[2] ? m[2].slice(1, -1) : '';
      out.push(`${m[1]}{${inner}${inner ? ',' : ''}shard="${k}"} ${m[3]}`);
    }
  }
  return Buffer.from(out.join('\n') + '\n');
}

function bigBody() {
  return execFileSync(process.execPath, [path.join(shared, 'gen-openmetrics.mjs'), '--format', 'exposition', '--series', '50000', '--seed', '1', '--variant', '0'], {
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}

/** The same samples as OpenMetrics: `untyped` is `unknown` there, and the body ends with # EOF. */
function toOpenMetrics(body) {
  return Buffer.from(body.toString('utf8').replace(/^# TYPE (\S+) untyped$/gm, '# TYPE $1 unknown') + '# EOF\n');
}

// --- parse ---------------------------------------------------------------------------

function parseOnce(Parser, body, withLabels) {
  const p = new Parser(body);
  let n = 0;
  let sum = 0;
  for (let e = p.next(); e !== Entry.EOF; e = p.next()) {
    if (e !== Entry.Series) continue;
    n++;
    sum += p.value;
    if (withLabels) p.labels();
    else p.seriesKey();
  }
  return n + (sum === 0.5 ? 1 : 0);
}

function benchParse(name, Parser, body) {
  const rows = [];
  for (const withLabels of [false, true]) {
    let samples = parseOnce(Parser, body, withLabels);
    const times = [];
    const until = performance.now() + (quick ? 1500 : 4000);
    // Warm up the JIT before timing.
    for (let i = 0; i < 5; i++) parseOnce(Parser, body, withLabels);
    while (performance.now() < until || times.length < 5) {
      const t0 = performance.now();
      samples = parseOnce(Parser, body, withLabels);
      times.push((performance.now() - t0) / 1000);
    }
    const t = median(times);
    rows.push({
      body: name,
      mode: withLabels ? 'labels' : 'scan',
      bytes: body.length,
      samples,
      'ms/parse': (t * 1000).toFixed(2),
      'MB/s': (body.length / 1e6 / t).toFixed(0),
      'Msamples/s': (samples / 1e6 / t).toFixed(2),
    });
  }
  return rows;
}

// --- HTTP target ---------------------------------------------------------------------

async function serve(port, source) {
  const child = spawn(process.execPath, [path.join(shared, 'serve-exposition.mjs'), '--port', String(port), ...source], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  for (let i = 0; i < 1200 && !out.includes('listening'); i++) await sleep(100);
  if (!out.includes('listening')) throw new Error('serve-exposition did not start');
  return {
    line: out.trim(),
    stop: () =>
      new Promise((r) => {
        child.once('exit', r);
        child.kill('SIGTERM');
        children.delete(child);
      }),
  };
}

function freePort(base) {
  return base + Math.floor(Math.random() * 500);
}

/** A store that keeps nothing: what the scrape path costs without storage. */
function nullStorage() {
  let next = 0;
  return {
    appender: () => ({
      append: (ref) => ref || ++next,
      appendStale: (ref) => ref || ++next,
      commit() {},
      rollback() {},
    }),
  };
}

function scrapeConfigText(port, targets, interval) {
  const lines = [`global: {scrape_interval: ${interval}, scrape_timeout: ${interval}}`, 'scrape_configs:', '  - job_name: bench', '    static_configs:'];
  for (let i = 1; i <= targets; i++) {
    lines.push(`      - targets: ['127.0.0.1:${port}']`, `        labels: {__metrics_path__: '/m/${i}', shard: '${i}'}`);
  }
  return lines.join('\n');
}

async function runScrapes({ port, targets, interval, warmup, measure, storage }) {
  const m = new ScrapeManager({ appendable: storage });
  m.applyConfig(parseConfig(scrapeConfigText(port, targets, interval), 'bench.yml'));
  await sleep(warmup * 1000);
  const s0 = m.stats();
  const c0 = cpuSeconds();
  const w0 = performance.now();
  await sleep(measure * 1000);
  const s1 = m.stats();
  const c1 = cpuSeconds();
  const wall = (performance.now() - w0) / 1000;
  const t = m.targets().active;
  await m.stop();
  const samples = s1.samplesAppended - s0.samplesAppended;
  const scrapes = s1.scrapes - s0.scrapes;
  return {
    up: t.filter((x) => x.health === 'up').length + '/' + t.length,
    errors: [...new Set(t.map((x) => x.lastError).filter(Boolean))].slice(0, 2).join('; '),
    scrapes,
    samples,
    'samples/s': Math.round(samples / wall),
    'cpu util': ((100 * (c1 - c0)) / wall).toFixed(1) + '%',
    'CPU s / 1M samples': (((c1 - c0) / samples) * 1e6).toFixed(2),
    'scrape avg ms': (((s1.scrapeDurationSecondsSum - s0.scrapeDurationSecondsSum) / scrapes) * 1000).toFixed(1),
    lateMaxMs: s1.scrapeLatenessMsMax,
    late: s1.scrapesLate - s0.scrapesLate,
  };
}

// --- versus: hearth serve and Prometheus, alternating -----------------------------------

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** utime + stime of a process (all its threads), seconds. */
function processCpuSeconds(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / CLK_TCK;
}

async function metricSum(url, name) {
  const text = await (await fetch(url)).text();
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(name + ' ') || line.startsWith(name + '{')) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  return sum;
}

/** One round of `hearth serve` scraping `source` with `targets` targets at 1 s. */
async function hearthServeRound({ source, targets, warmup, measure }) {
  const srvPort = freePort(19300);
  const srv = await serve(srvPort, source);
  const dir = fs.mkdtempSync(path.join(work, 'hearth-'));
  const cfg = path.join(dir, 'bench.yml');
  fs.writeFileSync(cfg, scrapeConfigText(srvPort, targets, '1s'));
  const port = freePort(19700);
  const child = spawn(process.execPath, [path.join(dist, 'cli.js'), 'serve', `--config.file=${cfg}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(child);
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/-/ready`)).ok) break;
      } catch {}
      if (i > 300 || child.exitCode !== null) throw new Error(`hearth serve did not start: ${err.trim().split('\n').pop()}`);
      await sleep(100);
    }
    await sleep(warmup * 1000);
    const name = 'hearth_scrape_samples_appended_total';
    const [c0, n0, t0] = [processCpuSeconds(child.pid), await metricSum(`${base}/metrics`, name), performance.now()];
    await sleep(measure * 1000);
    const [c1, n1, t1] = [processCpuSeconds(child.pid), await metricSum(`${base}/metrics`, name), performance.now()];
    const q = await (await fetch(`${base}/api/v1/query?query=sum(up)`)).json();
    const up = Number(q?.data?.result?.[0]?.value?.[1]);
    return { cpu: c1 - c0, samples: n1 - n0, wall: (t1 - t0) / 1000, rss: rssKiB(child.pid), up };
  } finally {
    await new Promise((r) => {
      child.once('exit', r);
      child.kill('SIGTERM');
    });
    children.delete(child);
    await srv.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function rssKiB(pid) {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

/** One round of Prometheus on the same scenario, through ../shared/bench/scrape-bench.sh. */
function prometheusRound({ name, source, targets, warmup, measure }) {
  const env = { ...process.env, WORKDIR: work, NAME: name, SOURCE: source, TARGETS: String(targets), INTERVAL: '1s', WARMUP_S: String(warmup), MEASURE_S: String(measure), PROM_PORT: String(freePort(19091)), SRV_PORT: String(freePort(19500)) };
  const out = execFileSync('bash', [path.join(shared, 'scrape-bench.sh')], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
  /** The script's key=value results, as it printed them. */
  const raw = Object.fromEntries([...out.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]]));
  return { cpu: Number(raw.cpu_s), samples: Number(raw.samples_appended), wall: Number(raw.measured_s), rss: Number(raw.rss_kb_end), up: Number(raw.up), raw };
}

/** The first line of `prometheus --version`, or null when it is not on PATH. */
function prometheusVersion() {
  try {
    return execFileSync('prometheus', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0];
  } catch {
    return null;
  }
}

// --- main ----------------------------------------------------------------------------

console.log(`# Hearth scrape bench — ${new Date().toISOString()} — node ${process.version}, ${os.cpus().length} cpus, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);

if (only.has('parse')) {
  console.log('\n## Parsing (median per run, one core)');
  const node = nodeSizedBody();
  const big = bigBody();
  const rows = [
    ...benchParse('node-sized text', PromParser, node),
    ...benchParse('node-sized OpenMetrics', OpenMetricsParser, toOpenMetrics(node)),
    ...benchParse('50k text', PromParser, big),
    ...benchParse('50k OpenMetrics', OpenMetricsParser, toOpenMetrics(big)),
  ];
  console.table(rows);
}

if (only.has('e2e')) {
  console.log(`\n## End to end over HTTP (warm-up ${warmupS}s, measured ${measureS}s; CPU of this process only)`);
  const rows = [];
  const scenarios = [
    { name: 'node20 (node_exporter body x 20 @1s)', source: ['--file', NODE_BODY], targets: 20 },
    { name: 'large50k (50k series x 1 @1s)', source: ['--series', '50000'], targets: 1 },
  ];
  for (const sc of scenarios) {
    const port = freePort(19300);
    const srv = await serve(port, sc.source);
    for (const [store, mk] of [
      ['TSDB', tempTSDB],
      ['MemoryStorage', () => new MemoryStorage()],
      ['discarding', nullStorage],
    ]) {
      const storage = mk();
      const r = await runScrapes({ port, targets: sc.targets, interval: '1s', warmup: warmupS, measure: measureS, storage });
      storage.close?.();
      rows.push({ scenario: sc.name, storage: store, ...r });
    }
    await srv.stop();
  }
  console.table(rows);
}

if (only.has('fleet')) {
  console.log(`\n## Fleet: 500 targets x node_exporter body (507 series) @15s, ${fleetS}s after a 15s start`);
  const port = freePort(19800);
  const srv = await serve(port, ['--file', NODE_BODY]);
  const r = await runScrapes({ port, targets: 500, interval: '15s', warmup: 15, measure: fleetS, storage: new MemoryStorage() });
  await srv.stop();
  const expected = Math.round((500 * fleetS) / 15);
  console.table([{ ...r, 'expected scrapes': expected }]);
  console.log(
    `every scrape on time: ${r.late === 0 ? 'yes' : 'no'} (largest delay ${r.lateMaxMs} ms; "late" = started more than 1.5 s, 10% of the interval, after its slot)`,
  );
}

if (only.has('versus')) {
  const rounds = Number(opt('--rounds', 3));
  console.log(`\n## hearth serve against Prometheus, ${rounds} alternating rounds (warm-up ${versusWarmupS}s, measured ${measureS}s; CPU of each whole process)`);
  const ver = prometheusVersion();
  if (!ver) console.log('prometheus is not on PATH: skipped (apt-get install -y prometheus)');
  else {
    console.log(ver);
    fs.copyFileSync(NODE_BODY, path.join(work, 'node_exporter.txt'));
    const scenarios = [
      { name: 'node20', title: 'node_exporter body x 20 targets @1s', hearth: ['--file', path.join(work, 'node_exporter.txt')], prom: `--file ${path.join(work, 'node_exporter.txt')}`, targets: 20 },
      { name: 'large50k', title: '50,000 series x 1 target @1s', hearth: ['--series', '50000'], prom: '--series 50000', targets: 1 },
    ];
    const pick = opt('--scenarios', '');
    const perRound = [];
    const summary = [];
    for (const sc of scenarios.filter((x) => pick === '' || pick.split(',').includes(x.name))) {
      const h = [];
      const p = [];
      for (let r = 1; r <= rounds; r++) {
        const a = await hearthServeRound({ source: sc.hearth, targets: sc.targets, warmup: versusWarmupS, measure: measureS });
        const b = prometheusRound({ name: sc.name, source: sc.prom, targets: sc.targets, warmup: versusWarmupS, measure: measureS });
        const ha = (a.cpu / a.samples) * 1e6;
        const pb = (b.cpu / b.samples) * 1e6;
        h.push(ha);
        p.push(pb);
        perRound.push({ scenario: sc.name, round: r, up: `${a.up}/${b.up}`, 'Hearth CPU s/1M': ha.toFixed(2), 'Prometheus CPU s/1M': pb.toFixed(2), ratio: (ha / pb).toFixed(2), 'Hearth samples/s': Math.round(a.samples / a.wall), 'Prometheus samples/s': Math.round(b.samples / b.wall), 'Hearth RSS MiB': (a.rss / 1024).toFixed(0), 'Prometheus RSS MiB': (b.rss / 1024).toFixed(0) });
      }
      summary.push({ scenario: sc.title, 'Hearth CPU s/1M (median)': median(h).toFixed(2), 'Prometheus CPU s/1M (median)': median(p).toFixed(2), 'ratio of medians': (median(h) / median(p)).toFixed(2) });
    }
    console.table(perRound);
    console.table(summary);
  }
}

if (only.has('prometheus')) {
  console.log(`\n## The real Prometheus on the same scenarios (scrape-bench.sh, warm-up ${warmupS}s, measured ${measureS}s)`);
  const ver = prometheusVersion();
  if (!ver) {
    console.log('prometheus is not on PATH: skipped (apt-get install -y prometheus)');
  } else {
    console.log(ver);
    fs.copyFileSync(NODE_BODY, path.join(work, 'node_exporter.txt'));
    const rows = [];
    for (const [name, source, targets] of [
      ['node20', `--file ${path.join(work, 'node_exporter.txt')}`, 20],
      ['large50k', '--series 50000', 1],
    ]) {
      const { raw } = prometheusRound({ name, source, targets, warmup: warmupS, measure: measureS });
      rows.push({ scenario: name, up: raw.up, 'samples/s': raw.samples_per_s, 'cpu util': raw.cpu_util, 'CPU s / 1M samples': raw.cpu_s_per_million_samples, 'scrape avg s': raw.scrape_duration_avg_s });
    }
    console.table(rows);
  }
}
