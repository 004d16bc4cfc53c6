#!/usr/bin/env node
// Rule evaluation benchmark: `hearth serve` and Debian's Prometheus, side by side in one run,
// each evaluating the same 1,000-rule file (recording and alerting rules in the node-exporter
// mixin's style, scripts/bench/rules/catalog.mjs) every 15 s over the same data: ../shared/bench's
// 10,000-series set, its past backfilled into both and its present scraped live by both from
// one feeder (scripts/bench/rules/dataset.mjs). Phases:
//
//   1. both servers scrape only (--baseline seconds): CPU share without rules;
//   2. the rule file is added to the config and both reload (SIGHUP); after --warmup seconds
//      the measurement runs for --measure seconds: CPU share per 15 s window (CPU seconds per
//      wall second of each whole process), every group evaluation's duration
//      (prometheus_rule_group_last_duration_seconds) and how late it started, missed
//      iterations, failures; then what each server produced (recorded series, alerts).
//
// Prints medians per server and Hearth/Prometheus ratios. Goal (issue 16): less CPU than Prometheus.
//
//   npm run bench -- rules [--quick] [--rules 1000] [--series 10000] [--history 6h]
//                          [--baseline S] [--warmup S] [--measure S] [--poll S] [--keep]
//                          [--hearth-node-args "--cpu-prof --cpu-prof-dir=DIR"]
//
// --quick: 1 h of history, 30 s baseline, 60 s warm-up, 120 s measured (about 5 minutes in all);
// default: 6 h of history, 60 s, 120 s, 360 s (about 12 minutes). Needs prometheus and promtool
// on PATH (apt-get install -y prometheus) and a build (dist/). Every process it starts is
// stopped before it exits; the work directory is removed unless --keep.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareDataset } from './rules/dataset.mjs';
import { startFeeder } from './rules/feeder.mjs';
import { generateRuleFile } from './rules/generate.mjs';
import { IterationLog, groupsFromMetrics, groupsFromRulesApi, machineCpuSeconds, median, processCpuSeconds, quantile, rssKiB, slotLateness, sumField, windowShares } from './rules/measure.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shared = resolve(root, '..', 'shared', 'bench');
const cli = join(root, 'dist/electron/core/cli.js');

const argv = process.argv.slice(2);
function arg(name, def) {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : def;
}
function seconds(s) {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(String(s));
  if (!m) throw new Error(`bad duration: ${s}`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] ?? 's'];
}
const quick = argv.includes('--quick');
const opts = {
  rules: Number(arg('rules', '1000')),
  series: Number(arg('series', '10000')),
  historySec: seconds(arg('history', quick ? '1h' : '6h')),
  baselineSec: seconds(arg('baseline', quick ? '30' : '60')),
  warmupSec: seconds(arg('warmup', quick ? '60' : '120')),
  measureSec: seconds(arg('measure', quick ? '120' : '360')),
  pollSec: seconds(arg('poll', '3')),
  // Node flags for Hearth's process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where its time goes.
  hearthNodeArgs: arg('hearth-node-args', '').split(' ').filter(Boolean),
  keep: argv.includes('--keep'),
};
const INTERVAL_SEC = 15;

for (const bin of ['prometheus', 'promtool']) {
  try {
    execFileSync('which', [bin], { stdio: 'ignore' });
  } catch {
    console.error(`bench rules: ${bin} is not installed (apt-get install -y prometheus)`);
    process.exit(2);
  }
}
if (!existsSync(cli)) {
  console.error('bench rules: dist/ is missing: build first (node scripts/build.mjs)');
  process.exit(2);
}
if (!existsSync(join(shared, 'gen-openmetrics.mjs'))) {
  console.error(`bench rules: ${shared} is missing (the shared bench tools beside the checkout)`);
  process.exit(2);
}

const { Labels } = await import(join(root, 'dist/electron/core/model/labels.js'));
const { labelsHash } = await import(join(root, 'dist/electron/core/promql/eval/hash.js'));

/** A group's offset in the interval as Prometheus places it: xxHash64 of {file, name} mod interval. */
function slotOffsetSec(groupKey) {
  const i = groupKey.indexOf(';');
  const h = labelsHash(Labels.fromObject({ file: groupKey.slice(0, i), name: groupKey.slice(i + 1) }));
  return Number(h % BigInt(INTERVAL_SEC * 1e9)) / 1e9;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const work = mkdtempSync(join(tmpdir(), 'hearth-rules-bench-'));
const children = new Set();
let feeder = null;
function cleanup() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  if (!opts.keep) rmSync(work, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

async function step(label, fn) {
  const t0 = Date.now();
  const r = await fn();
  console.log(`${label}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return r;
}

// --- preparation --------------------------------------------------------------------------

console.log(`# Hearth rules bench — ${new Date().toISOString()} — node ${process.version}, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
const ruleFile = join(work, 'rules.yml');
const rf = generateRuleFile({ rules: opts.rules });
writeFileSync(ruleFile, rf.yaml);
console.log(`rule file: ${rf.rules} rules (${rf.recording} recording, ${rf.alerting} alerting) in ${rf.groups} groups`);
try {
  execFileSync('promtool', ['check', 'rules', ruleFile], { stdio: ['ignore', 'ignore', 'pipe'] });
} catch (e) {
  console.error(`bench rules: promtool refuses the generated rule file:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  process.exit(1);
}

// The live part must outlast preparation and every phase; a margin for slow machines.
const plannedSec = opts.baselineSec + opts.warmupSec + opts.measureSec + 30;
const data = await step('generate and split the data set', () =>
  prepareDataset({
    generator: join(shared, 'gen-openmetrics.mjs'),
    work,
    series: opts.series,
    historyMs: opts.historySec * 1000,
    liveMs: (plannedSec + 600) * 1000,
  }),
);
console.log(`data: ${data.liveSeries} series, ${data.historySamples} samples of history (${opts.historySec / 3600} h) before ${new Date(data.cutMs).toISOString()}, then live every 15 s`);

const promData = join(work, 'prometheus-data');
const hearthData = join(work, 'hearth-data');
await step('promtool backfill', () =>
  execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=2h', data.historyFile, promData], { stdio: 'ignore' }),
);
await step('hearth import', () => execFileSync(process.execPath, [cli, 'import', 'openmetrics', data.historyFile, '--storage.tsdb.path', hearthData], { stdio: 'ignore' }));
rmSync(data.historyFile);

feeder = await startFeeder({ bodies: data.bodies, cutMs: data.cutMs, stepMs: data.stepMs });

// One config for both servers; the rule file joins it for phase 2.
const configFile = join(work, 'prometheus.yml');
function writeConfig(withRules) {
  const lines = [
    'global:',
    `  scrape_interval: ${INTERVAL_SEC}s`,
    '  scrape_timeout: 10s',
    `  evaluation_interval: ${INTERVAL_SEC}s`,
    'scrape_configs:',
    '  - job_name: rules-bench',
    '    honor_labels: true',
    '    static_configs:',
    `      - targets: ['127.0.0.1:${feeder.port}']`,
  ];
  if (withRules) lines.push('rule_files:', `  - ${ruleFile}`);
  writeFileSync(configFile, lines.join('\n') + '\n');
}
writeConfig(false);

// --- the two servers ---------------------------------------------------------------------------

function startServer(name, cmd, args) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let err = '';
  child.stderr.on('data', (d) => {
    err = (err + d).slice(-20_000);
  });
  return { name, child, pid: child.pid, errTail: () => err.trim().split('\n').slice(-3).join('\n'), base: '' };
}

async function freePort() {
  const { createServer } = await import('node:net');
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => ok(p));
    });
  });
}

async function waitReady(srv) {
  for (let i = 0; i < 600; i++) {
    if (srv.child.exitCode !== null) throw new Error(`${srv.name} exited: ${srv.errTail()}`);
    try {
      if ((await fetch(`${srv.base}/-/ready`)).status === 200) return;
    } catch {}
    await sleep(200);
  }
  throw new Error(`${srv.name} did not become ready in 120 s: ${srv.errTail()}`);
}

const promPort = await freePort();
const hearthPort = await freePort();
const prom = startServer('Prometheus', 'prometheus', [
  `--config.file=${configFile}`,
  `--storage.tsdb.path=${promData}`,
  `--web.listen-address=127.0.0.1:${promPort}`,
  '--storage.tsdb.retention.time=3650d',
  '--log.level=warn',
]);
prom.base = `http://127.0.0.1:${promPort}`;
const hearth = startServer('Hearth', process.execPath, [
  ...opts.hearthNodeArgs,
  cli,
  'serve',
  `--config.file=${configFile}`,
  `--storage.tsdb.path=${hearthData}`,
  `--web.listen-address=127.0.0.1:${hearthPort}`,
  '--storage.tsdb.retention.time=3650d',
  '--log.level=warn',
]);
hearth.base = `http://127.0.0.1:${hearthPort}`;
const servers = [hearth, prom];
await Promise.all(servers.map(waitReady));
const promVersion = execFileSync('prometheus', ['--version'], { encoding: 'utf8' }).split('\n')[0].split(' ')[2];
console.log(`servers: Hearth (pid ${hearth.pid}) and Prometheus ${promVersion} (pid ${prom.pid}), scraping the feeder every ${INTERVAL_SEC} s`);

async function getJSON(srv, path) {
  const r = await fetch(`${srv.base}${path}`);
  return r.json();
}

/** A server's rule groups: from its /metrics when it exports Prometheus's group metrics, else /api/v1/rules. */
async function groupSnapshot(srv) {
  const text = await (await fetch(`${srv.base}/metrics`)).text();
  const m = groupsFromMetrics(text);
  if (m.size > 0 && [...m.values()].some((g) => 'lastEvalSec' in g)) return { source: 'metrics', groups: m };
  return { source: 'api', groups: groupsFromRulesApi(await getJSON(srv, '/api/v1/rules')) };
}

function cpuNow() {
  const t = performance.now() / 1000;
  const cpu = {};
  for (const s of servers) {
    if (s.child.exitCode !== null || s.child.signalCode !== null) {
      throw new Error(`${s.name} stopped during the run (${s.child.exitCode ?? s.child.signalCode}): ${s.errTail()}`);
    }
    cpu[s.name] = processCpuSeconds(s.pid);
  }
  return { tSec: t, cpu, machine: machineCpuSeconds() };
}

/** CPU shares of each server over one phase, sampled every 15 s (one evaluation interval). */
async function cpuPhase(seconds, onPoll) {
  const samples = [cpuNow()];
  const t0 = performance.now();
  let nextWindow = INTERVAL_SEC * 1000;
  while (performance.now() - t0 < seconds * 1000) {
    await sleep(Math.min(opts.pollSec * 1000, Math.max(0, t0 + nextWindow - performance.now())));
    if (onPoll) await onPoll();
    if (performance.now() - t0 >= nextWindow) {
      samples.push(cpuNow());
      nextWindow += INTERVAL_SEC * 1000;
    }
  }
  const out = {};
  for (const s of servers) {
    const series = samples.map((x) => ({ tSec: x.tSec, cpuSec: x.cpu[s.name] }));
    const first = series[0];
    const last = series[series.length - 1];
    out[s.name] = { windows: windowShares(series), overall: (last.cpuSec - first.cpuSec) / (last.tSec - first.tSec) };
  }
  const m0 = samples[0].machine;
  const m1 = samples[samples.length - 1].machine;
  out.machineBusy = (m1.busy - m0.busy) / (m1.total - m0.total);
  return out;
}

// --- phase 1: scraping only -------------------------------------------------------------------

let baseline = null;
if (opts.baselineSec > 0) {
  await sleep(Math.min(30, opts.baselineSec) * 1000); // both have scraped and settled
  // The baseline reads /metrics as often as the measurement does, so the difference is the rules'.
  const readMetrics = () => Promise.all(servers.map((s) => fetch(`${s.base}/metrics`).then((r) => r.text(), () => '')));
  baseline = await step(`baseline, scraping only (${opts.baselineSec} s)`, () => cpuPhase(opts.baselineSec, readMetrics));
}

// --- phase 2: with the rule file --------------------------------------------------------------

writeConfig(true);
for (const s of servers) s.child.kill('SIGHUP');
const loaded = {};
for (let i = 0; i < 60; i++) {
  for (const s of servers) {
    if (loaded[s.name]) continue;
    const r = await getJSON(s, '/api/v1/rules').catch(() => null);
    const n = (r?.data?.groups ?? []).reduce((k, g) => k + (g.rules?.length ?? 0), 0);
    if (n > 0) loaded[s.name] = n;
  }
  if (servers.every((s) => loaded[s.name])) break;
  await sleep(500);
}
for (const s of servers) {
  console.log(`${s.name}: ${loaded[s.name] ? `${loaded[s.name]} rules loaded` : `no rules loaded 30 s after the reload; its log ends: ${s.errTail() || '(nothing)'}`}`);
}
await step(`warm-up with rules (${opts.warmupSec} s)`, () => sleep(opts.warmupSec * 1000));

const logs = Object.fromEntries(servers.map((s) => [s.name, new IterationLog()]));
const firstSnap = {};
const lastSnap = {};
const snapTime = {};
const sources = {};
async function poll() {
  await Promise.all(
    servers.map(async (s) => {
      try {
        const snap = await groupSnapshot(s);
        sources[s.name] = snap.source;
        logs[s.name].add(snap.groups);
        const t = performance.now() / 1000;
        if (!firstSnap[s.name]) {
          firstSnap[s.name] = snap.groups;
          snapTime[s.name] = [t, t];
        }
        lastSnap[s.name] = snap.groups;
        snapTime[s.name][1] = t;
      } catch (e) {
        sources[s.name] = `error: ${e.message}`;
      }
    }),
  );
}
await poll();
const rss0 = Object.fromEntries(servers.map((s) => [s.name, rssKiB(s.pid)]));
const withRules = await step(`measured with rules (${opts.measureSec} s)`, () => cpuPhase(opts.measureSec, poll));
await poll();

// --- what each produced -------------------------------------------------------------------------

async function scalar(srv, q) {
  const [expr, time] = q.split('&time=');
  const r = await getJSON(srv, `/api/v1/query?query=${encodeURIComponent(expr)}${time ? `&time=${time}` : ''}`).catch(() => null);
  const v = r?.data?.result?.[0]?.value?.[1];
  return v === undefined ? 0 : Number(v);
}
// Both are asked about one moment that both have evaluated (20 s ago: every group's slot
// before it has passed), not each about its own now.
const checkAt = (Date.now() - 20_000) / 1000;
const produced = {};
for (const s of servers) {
  const rules = await getJSON(s, '/api/v1/rules').catch(() => null);
  let bad = 0;
  let unknown = 0;
  let firstError = '';
  for (const g of rules?.data?.groups ?? []) {
    for (const r of g.rules ?? []) {
      if (r.health === 'unknown') unknown++;
      else if (r.health && r.health !== 'ok') {
        bad++;
        firstError ||= `${g.name}/${r.name}: ${r.lastError ?? r.health}`;
      }
    }
  }
  produced[s.name] = {
    recorded: await scalar(s, `count({__name__=~"[a-z_]+:.+"})&time=${checkAt}`),
    firing: await scalar(s, `count(ALERTS{alertstate="firing"})&time=${checkAt}`),
    pending: await scalar(s, `count(ALERTS{alertstate="pending"})&time=${checkAt}`),
    bad,
    unknown,
    firstError,
  };
}

// Do both compute the same? Sums of a few recorded series at a time both have evaluated: they
// evaluate at the same slots over the same bodies, so only their scrape times differ.
const CHECKED = [
  'cluster:http_requests:rate5m',
  'job:http_errors:ratio_rate1h',
  'job:http_request_duration_seconds:p99_rate5m',
  'endpoint:http_request_duration_seconds:p90_rate5m',
  'slo:sli_error:ratio_rate6h',
  'instance:node_cpu_utilisation:rate5m',
  'instance:node_memory_available_bytes:avg_over_time1h',
  'instance_mountpoint:node_filesystem_avail_bytes:predict_linear24h',
  'instance_sensor:node_hwmon_temp_celsius:p90_over_time1h',
];
let agreement = { worst: 0, name: '', n: 0 };
for (const name of CHECKED) {
  const q = `sum(${name})&time=${checkAt}`;
  const [h, p] = [await scalar(hearth, q), await scalar(prom, q)];
  if (!p) continue;
  const d = Math.abs(h - p) / Math.abs(p);
  agreement.n++;
  if (!(d <= agreement.worst)) agreement = { ...agreement, worst: d, name };
}

// --- report -----------------------------------------------------------------------------------

const fmt = (x, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const ms = (x) => (Number.isFinite(x) ? (x * 1000).toFixed(1) : 'n/a');
const pct = (x) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? (a / b).toFixed(2) : 'n/a');

const stats = {};
for (const s of servers) {
  const its = logs[s.name].iterations;
  const slotLate = slotLateness(its, INTERVAL_SEC, slotOffsetSec);
  // Sum of every group's duration per 15 s cycle: the evaluation time one interval needs.
  const perCycle = new Map();
  for (const it of its) {
    const c = Math.floor(it.startSec / INTERVAL_SEC);
    perCycle.set(c, (perCycle.get(c) ?? 0) + it.durationSec);
  }
  const cycles = [...perCycle.values()].slice(1, -1); // the edges are partial
  const a = firstSnap[s.name] ?? new Map();
  const b = lastSnap[s.name] ?? new Map();
  const cpuW = withRules[s.name];
  const cpuB = baseline?.[s.name];
  stats[s.name] = {
    source: sources[s.name],
    groups: b.size,
    iterations: its.length,
    cpuMedian: median(cpuW.windows),
    cpuP90: quantile(cpuW.windows, 0.9),
    cpuOverall: cpuW.overall,
    cpuBaseline: cpuB ? median(cpuB.windows) : NaN,
    cpuRules: cpuB ? median(cpuW.windows) - median(cpuB.windows) : NaN,
    durMedian: median(its.map((i) => i.durationSec)),
    durP90: quantile(
      its.map((i) => i.durationSec),
      0.9,
    ),
    durMax: quantile(
      its.map((i) => i.durationSec),
      1,
    ),
    cycleMedian: median(cycles),
    slotLateMedian: median(slotLate),
    slotLateP99: quantile(slotLate, 0.99),
    slotLateMax: quantile(slotLate, 1),
    missed: sumField(b, 'missed') - sumField(a, 'missed'),
    evalsPerSec: snapTime[s.name] ? (sumField(b, 'evaluations') - sumField(a, 'evaluations')) / (snapTime[s.name][1] - snapTime[s.name][0]) : NaN,
    failures: sumField(b, 'failures') - sumField(a, 'failures'),
    rssMiB: rssKiB(s.pid) / 1024,
    // CPU per evaluation is the fair comparison when a server falls behind: a server that
    // evaluates less often also spends less.
    cpuMsPerEval: (cpuW.overall / ((sumField(b, 'evaluations') - sumField(a, 'evaluations')) / (snapTime[s.name]?.[1] - snapTime[s.name]?.[0]))) * 1000,
    rulesCpuMsPerEval: cpuB ? ((cpuW.overall - cpuB.overall) / ((sumField(b, 'evaluations') - sumField(a, 'evaluations')) / (snapTime[s.name]?.[1] - snapTime[s.name]?.[0]))) * 1000 : NaN,
    rss0MiB: rss0[s.name] / 1024,
  };
}

const H = stats.Hearth;
const P = stats.Prometheus;
const rows = [
  ['rule groups seen / evaluations recorded', `${H.groups} / ${H.iterations}`, `${P.groups} / ${P.iterations}`, ''],
  ['CPU share, scraping only (median of 15 s windows)', fmt(H.cpuBaseline), fmt(P.cpuBaseline), ratio(H.cpuBaseline, P.cpuBaseline)],
  ['CPU share with rules (median of 15 s windows)', fmt(H.cpuMedian), fmt(P.cpuMedian), ratio(H.cpuMedian, P.cpuMedian)],
  ['CPU share with rules, p90 window', fmt(H.cpuP90), fmt(P.cpuP90), ratio(H.cpuP90, P.cpuP90)],
  ['CPU share with rules, whole phase', fmt(H.cpuOverall), fmt(P.cpuOverall), ratio(H.cpuOverall, P.cpuOverall)],
  ['CPU share of the rules (with − without, medians)', fmt(H.cpuRules), fmt(P.cpuRules), ratio(H.cpuRules, P.cpuRules)],
  ['group evaluation ms, median (last_duration_seconds)', ms(H.durMedian), ms(P.durMedian), ratio(H.durMedian, P.durMedian)],
  ['group evaluation ms, p90 / max', `${ms(H.durP90)} / ${ms(H.durMax)}`, `${ms(P.durP90)} / ${ms(P.durMax)}`, ratio(H.durP90, P.durP90)],
  ['all groups per 15 s cycle, ms (median)', ms(H.cycleMedian), ms(P.cycleMedian), ratio(H.cycleMedian, P.cycleMedian)],
  [
    "start after the group's slot ms, median / p99 / max",
    `${ms(H.slotLateMedian)} / ${ms(H.slotLateP99)} / ${ms(H.slotLateMax)}`,
    `${ms(P.slotLateMedian)} / ${ms(P.slotLateP99)} / ${ms(P.slotLateMax)}`,
    ratio(H.slotLateP99, P.slotLateP99),
  ],
  ['missed iterations / rule failures', `${H.missed} / ${H.failures}`, `${P.missed} / ${P.failures}`, ''],
  [`rule evaluations per second (due: ${fmt(rf.rules / INTERVAL_SEC, 1)})`, fmt(H.evalsPerSec, 1), fmt(P.evalsPerSec, 1), ratio(H.evalsPerSec, P.evalsPerSec)],
  ['CPU ms per rule evaluation (whole process)', fmt(H.cpuMsPerEval, 2), fmt(P.cpuMsPerEval, 2), ratio(H.cpuMsPerEval, P.cpuMsPerEval)],
  ['CPU ms per rule evaluation (less the scraping baseline)', fmt(H.rulesCpuMsPerEval, 2), fmt(P.rulesCpuMsPerEval, 2), ratio(H.rulesCpuMsPerEval, P.rulesCpuMsPerEval)],
  ['recorded series / alerts firing / pending', `${produced.Hearth.recorded} / ${produced.Hearth.firing} / ${produced.Hearth.pending}`, `${produced.Prometheus.recorded} / ${produced.Prometheus.firing} / ${produced.Prometheus.pending}`, ''],
  ['rules with errors / never evaluated', `${produced.Hearth.bad} / ${produced.Hearth.unknown}`, `${produced.Prometheus.bad} / ${produced.Prometheus.unknown}`, ''],
  ['RSS MiB at start / end of measurement', `${H.rss0MiB.toFixed(0)} / ${H.rssMiB.toFixed(0)}`, `${P.rss0MiB.toFixed(0)} / ${P.rssMiB.toFixed(0)}`, ratio(H.rssMiB, P.rssMiB)],
];
const head = ['', 'Hearth', `Prometheus ${promVersion}`, 'Hearth / Prometheus'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(`\n${rf.rules} rules over ${data.liveSeries} series every ${INTERVAL_SEC} s, measured ${opts.measureSec} s after ${opts.warmupSec} s of warm-up; group figures from ${sources.Hearth} (Hearth) and ${sources.Prometheus} (Prometheus)`);
console.log(line(head));
for (const r of rows) console.log(line(r));
// How noisy the run was: the machine's busy share and what other processes took, in cores.
const cores = availableParallelism();
const others = (phase) => phase.machineBusy * cores - phase.Hearth.overall - phase.Prometheus.overall;
console.log(
  `machine (${cores} cores) busy ${pct(withRules.machineBusy)} while measuring, other processes ${fmt(others(withRules), 2)} cores` +
    (baseline ? ` (scraping only: busy ${pct(baseline.machineBusy)}, others ${fmt(others(baseline), 2)} cores)` : '') +
    `; load ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
);
if (agreement.n) {
  console.log(`results: sums of ${agreement.n} recorded series agree within ${(agreement.worst * 100).toPrecision(2)}% (largest difference: ${agreement.name || 'none'})`);
}
if (H.iterations && P.iterations) {
  // Less CPU only counts while doing the same work: every evaluation due, none missed.
  const due = rf.rules / INTERVAL_SEC;
  const keepsUp = (x) => x.missed === 0 && x.evalsPerSec >= 0.97 * due;
  const r = H.cpuMedian / P.cpuMedian;
  if (!keepsUp(H) || !keepsUp(P)) {
    const behind = [H, P].map((x, i) => (keepsUp(x) ? '' : `${i ? 'Prometheus' : 'Hearth'} fell behind (${fmt(x.evalsPerSec, 1)} of ${fmt(due, 1)} evaluations/s, ${x.missed} iterations missed)`)).filter(Boolean);
    console.log(`goal, less CPU than Prometheus evaluating the same rules: not shown: ${behind.join('; ')}; per evaluation Hearth takes ${ratio(H.cpuMsPerEval, P.cpuMsPerEval)}× Prometheus's CPU`);
  } else {
    console.log(`goal, less CPU than Prometheus evaluating the same rules: ${r < 1 ? 'met' : 'not met'} (${r.toFixed(2)}× its median CPU share; ${ratio(H.cpuMsPerEval, P.cpuMsPerEval)}× per evaluation)`);
  }
}
for (const s of servers) if (produced[s.name].firstError) console.log(`${s.name}: first rule error: ${produced[s.name].firstError}`);
if (feeder.pastEnd() > 0) console.log(`warning: ${feeder.pastEnd()} scrapes came after the live data ran out (the last step was served again)`);
if (!H.iterations) console.log('Hearth evaluated no rule groups during the measurement: its figures are n/a.');
if (opts.keep) console.log(`work directory kept: ${work}`);

await feeder.close();
for (const s of servers) {
  s.child.kill('SIGTERM');
  await Promise.race([new Promise((ok) => s.child.once('exit', ok)), sleep(10_000)]);
}
process.exit(0);
