#!/usr/bin/env node
// PromQL engine benchmark: generates the bench data set with ../shared/bench/gen-openmetrics.mjs,
// loads it into MemoryStorage with a small OpenMetrics reader, and times every query of
// ../shared/bench/queries.txt in-process (median of warm runs), printed as a table.
//
//   node scripts/bench/promql.mjs [--series 10000] [--duration 6h] [--jitter-ms 0] [--runs 7] [--warmup 2] [--only 1,5]
//   node scripts/bench/promql.mjs --serve 19190 [--series …]   # serve /api/v1/query(_range) for compare.mjs
//
// Needs a build (npx tsc -p electron/tsconfig.json) for dist/.

import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const shared = resolve(repo, '../shared/bench');

const { Engine } = await import(resolve(repo, 'dist/electron/core/promql/engine.js'));
const { MemoryStorage } = await import(resolve(repo, 'dist/electron/core/storage/memory.js'));
const { Labels } = await import(resolve(repo, 'dist/electron/core/model/labels.js'));

function arg(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}

const series = Number(arg('series', '10000'));
const duration = arg('duration', '6h');
const runs = Number(arg('runs', '7'));
const warmup = Number(arg('warmup', '2'));
const only = arg('only', '')
  .split(',')
  .filter(Boolean)
  .map(Number);
const jitter = Number(arg('jitter-ms', '0'));
const serve = arg('serve', '');
const dataFile = `/tmp/hearth-bench-${series}-${duration}${jitter ? `-j${jitter}` : ''}.om`;
const statsFile = `${dataFile}.json`;

if (!existsSync(dataFile) || !existsSync(statsFile)) {
  process.stderr.write(`generating ${dataFile} …\n`);
  const r = spawnSync(
    process.execPath,
    [resolve(shared, 'gen-openmetrics.mjs'), '--series', String(series), '--duration', duration, '--seed', '1', '--jitter-ms', String(jitter), '--out', dataFile, '--stats', statsFile],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (r.status !== 0) throw new Error('generator failed');
}
const stats = JSON.parse(readFileSync(statsFile, 'utf8'));

/** Parses `{a="b",c="d"}` into a flat list of pairs (OpenMetrics escapes: \\ \" \n). */
function parseLabels(s, pairs) {
  let i = 1;
  while (i < s.length && s[i] !== '}') {
    const eq = s.indexOf('=', i);
    const name = s.slice(i, eq);
    let j = eq + 2;
    let v = '';
    while (s[j] !== '"') {
      if (s[j] === '\\') {
        const n = s[j + 1];
        v += n === 'n' ? '\n' : n;
        j += 2;
      } else v += s[j++];
    }
    pairs.push([name, v]);
    i = j + 1;
    if (s[i] === ',') i++;
  }
}

/** Reads the OpenMetrics file in large chunks; label sets are parsed once per series. */
async function load(storage) {
  const byKey = new Map();
  let app = storage.appender();
  let n = 0;
  let rest = '';
  for await (const chunk of createReadStream(dataFile, { encoding: 'utf8', highWaterMark: 16 << 20 })) {
    const text = rest + chunk;
    let pos = 0;
    for (;;) {
      const nl = text.indexOf('\n', pos);
      if (nl < 0) break;
      if (nl > pos && text.charCodeAt(pos) !== 35) {
        const sp2 = text.lastIndexOf(' ', nl - 1);
        const sp1 = text.lastIndexOf(' ', sp2 - 1);
        const key = text.slice(pos, sp1);
        let e = byKey.get(key);
        if (!e) {
          const pairs = [];
          const brace = key.indexOf('{');
          pairs.push(['__name__', brace >= 0 ? key.slice(0, brace) : key]);
          if (brace >= 0) parseLabels(key.slice(brace), pairs);
          e = { labels: Labels.fromPairs(pairs), ref: 0 };
          byKey.set(key, e);
        }
        const v = +text.slice(sp1 + 1, sp2);
        const t = Math.round(+text.slice(sp2 + 1, nl) * 1000);
        e.ref = app.append(e.ref, e.labels, t, v);
        if (++n % 1_000_000 === 0) {
          app.commit();
          app = storage.appender();
        }
      }
      pos = nl + 1;
    }
    rest = text.slice(pos);
  }
  app.commit();
  return n;
}

function parseDur(s) {
  const m = /^(\d+)([smhd])$/.exec(s);
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2]];
}

const storage = new MemoryStorage();
const t0 = performance.now();
const samples = await load(storage);
process.stderr.write(`loaded ${samples} samples in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

if (serve) {
  await serveApi(Number(serve));
} else {
  benchmark();
}

/** Prometheus's API value formatting (strconv 'f' -1, with +Inf/-Inf/NaN). */
function fmtV(v) {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function toJSON(value) {
  switch (value.type) {
    case 'scalar':
    case 'string':
      return { resultType: value.type, result: [value.t / 1000, value.type === 'scalar' ? fmtV(value.v) : value.v] };
    case 'vector':
      return { resultType: 'vector', result: value.samples.map((s) => ({ metric: s.labels.toObject(), value: [s.t / 1000, fmtV(s.v)] })) };
    default:
      return {
        resultType: 'matrix',
        result: value.series.map((s) => ({
          metric: s.labels.toObject(),
          values: Array.from({ length: s.length }, (_, i) => [s.t[i] / 1000, fmtV(s.v[i])]),
        })),
      };
  }
}

/** A minimal /api/v1/query and /api/v1/query_range on loopback, enough for compare.mjs. */
async function serveApi(port) {
  const { createServer } = await import('node:http');
  const engine = new Engine();
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const p = url.searchParams;
    let body;
    try {
      let r;
      if (url.pathname === '/api/v1/query') r = engine.instantQuery(storage, p.get('query'), Number(p.get('time')) * 1000);
      else if (url.pathname === '/api/v1/query_range') {
        r = engine.rangeQuery(storage, p.get('query'), Number(p.get('start')) * 1000, Number(p.get('end')) * 1000, Number(p.get('step')) * 1000);
      } else {
        res.writeHead(404).end();
        return;
      }
      body = { status: 'success', data: toJSON(r.value) };
      if (r.annotations.warnings.length) body.warnings = r.annotations.warnings;
      if (r.annotations.infos.length) body.infos = r.annotations.infos;
    } catch (e) {
      body = { status: 'error', errorType: e.kind ?? 'internal', error: e.message };
    }
    res.writeHead(body.status === 'success' ? 200 : 400, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  server.listen(port, '127.0.0.1');
  process.stderr.write(`serving the PromQL API on 127.0.0.1:${port} (end=${stats.end})\n`);
}

function benchmark() {
const queries = readFileSync(resolve(shared, 'queries.txt'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'))
  .map((l) => {
    const [type, range, step, query] = l.split('\t');
    return { type, range, step, query };
  });

const engine = new Engine();
const end = stats.end * 1000;
const rows = [];
let total = 0;
queries.forEach((q, idx) => {
  if (only.length && !only.includes(idx + 1)) return;
  const exec = () =>
    q.type === 'instant'
      ? engine.instantQuery(storage, q.query, end)
      : engine.rangeQuery(storage, q.query, end - parseDur(q.range), end, parseDur(q.step));
  let res;
  for (let i = 0; i < warmup; i++) res = exec();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    res = exec();
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  total += median;
  const v = res.value;
  const n = v.type === 'vector' ? v.samples.length : v.type === 'matrix' ? v.series.length : 1;
  rows.push([String(idx + 1), q.type, q.type === 'range' ? `${q.range}/${q.step}` : '-', String(n), median.toFixed(1), `${times[0].toFixed(1)}–${times[times.length - 1].toFixed(1)}`, q.query]);
});

const head = ['#', 'type', 'range/step', 'series', 'median ms', 'min–max', 'query'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const fmt = (r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
console.log(fmt(head));
for (const r of rows) console.log(fmt(r));
console.log(`sum of medians: ${total.toFixed(1)} ms (${series} series × ${duration}, ${samples} samples, ${runs} runs after ${warmup} warm-up)`);
}
