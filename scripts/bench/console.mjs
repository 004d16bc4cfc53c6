#!/usr/bin/env node
// Console (renderer) benchmark, measured in Debian's Chromium against the built `hearth serve`.
//
//   npm run bench -- console [--runs N] [--names N] [--json]
//
// Sections:
//   paint     first paint of the app on the headless server: first-contentful-paint and the
//             app's first commit (mark hearth:app:mounted), each page load in a fresh browser
//             context (empty cache), and again with a warm cache. Median and worst of --runs.
//   draw      a range query result of 200 series × 720 points: from the moment the response
//             headers arrive (mark hearth:graph:response) to uPlot's first draw (mark
//             hearth:graph:drawn): body read, JSON parse, shaping, React render, plot build and
//             canvas draw. The response is the exact shape the API returns, served through
//             Playwright's request routing so the figure is the console's alone. Median and worst.
//   typing    typing a query character by character (80 ms apart) with completion active
//             against --names extra metric names imported into the TSDB: the longest task on
//             the main thread while typing (PerformanceObserver 'longtask') and the longest
//             key-to-paint event duration (Event Timing), both should stay under 50 ms.
//   bundle    the JavaScript and CSS the page loads, raw and gzip.
//
// Every process it starts (hearth, Chromium) is stopped before it exits.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const cli = join(root, 'dist/electron/core/cli.js');
const assets = join(root, 'dist/renderer/assets');

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : def;
};
const RUNS = opt('runs', 10);
const NAMES = opt('names', 5000);
const JSON_OUT = args.includes('--json');

if (!existsSync(cli) || !existsSync(assets)) {
  console.error('dist/ is missing: build first with `node scripts/build.mjs`');
  process.exit(2);
}

const chromiumPath = [process.env.HEARTH_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => p && existsSync(p));
if (!chromiumPath) {
  console.error('no Chromium found: apt-get install -y chromium, or set HEARTH_CHROMIUM');
  process.exit(2);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${x.toFixed(1)} ms`;
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

// ---------------------------------------------------------------------------------------------
// A server with NAMES extra metric names, so completion works on a realistically large list.

const dataDir = mkdtempSync(join(tmpdir(), 'hearth-console-bench-'));
const nowSec = Math.floor(Date.now() / 1000);
{
  const lines = [];
  for (let i = 0; i < NAMES; i++) {
    const name = `bench_metric_${String(i).padStart(5, '0')}_total`;
    lines.push(`# TYPE ${name.slice(0, -6)} counter`, `${name}{job="bench",instance="i${i % 50}"} ${i} ${nowSec - 60}`);
  }
  lines.push('# EOF', '');
  const file = join(dataDir, 'names.om');
  writeFileSync(file, lines.join('\n'));
  const r = spawnSync(process.execPath, [cli, 'import', 'openmetrics', file, '--storage.tsdb.path', join(dataDir, 'data')], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`import failed:\n${r.stdout}\n${r.stderr}`);
    process.exit(1);
  }
}

const server = spawn(process.execPath, [cli, 'serve', '--web.listen-address', '127.0.0.1:0', '--storage.tsdb.path', join(dataDir, 'data'), '--log.level', 'warn'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'pipe'],
});
let serverErr = '';
server.stderr.on('data', (d) => (serverErr += d));
const url = await new Promise((ok, fail) => {
  let out = '';
  const t = setTimeout(() => fail(new Error(`hearth serve did not start:\n${serverErr}`)), 30_000);
  server.stdout.on('data', (d) => {
    out += d;
    const m = /running at (http:\/\/\S+?)\/?\s/.exec(out);
    if (m) {
      clearTimeout(t);
      ok(m[1]);
    }
  });
  server.once('exit', (c) => fail(new Error(`hearth serve exited with ${c}:\n${serverErr}`)));
});

const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

const chromiumVersion = browser.version();

async function cleanup() {
  await browser.close().catch(() => {});
  if (server.exitCode === null) {
    await new Promise((ok) => {
      server.once('exit', ok);
      server.kill('SIGTERM');
    });
  }
  rmSync(dataDir, { recursive: true, force: true });
}

const results = {};
try {
  // -------------------------------------------------------------------------------------------
  // paint
  const paint = { coldFcp: [], coldMounted: [], warmFcp: [], warmMounted: [] };
  const readPaint = (page) =>
    page.evaluate(async () => {
      // Paint entries are recorded when the frame is presented, a little after it is drawn.
      for (let i = 0; i < 150 && (performance.getEntriesByName('hearth:app:mounted').length === 0 || performance.getEntriesByName('first-contentful-paint').length === 0); i++)
        await new Promise((r) => setTimeout(r, 20));
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      const mounted = performance.getEntriesByName('hearth:app:mounted')[0];
      return { fcp: fcp ? fcp.startTime : NaN, mounted: mounted ? mounted.startTime : NaN };
    });
  for (let i = 0; i < RUNS; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${url}/query`, { waitUntil: 'load' });
    const cold = await readPaint(page);
    paint.coldFcp.push(cold.fcp);
    paint.coldMounted.push(cold.mounted);
    await page.goto(`${url}/query`, { waitUntil: 'load' });
    const warm = await readPaint(page);
    paint.warmFcp.push(warm.fcp);
    paint.warmMounted.push(warm.mounted);
    await ctx.close();
  }
  results.paint = Object.fromEntries(Object.entries(paint).map(([k, v]) => [k, { median: median(v), max: Math.max(...v) }]));

  // -------------------------------------------------------------------------------------------
  // draw: 200 series × 720 points. The panel asks for 59m55s at a 5 s step: 720 points.
  const SERIES = 200;
  let lastPoints = 0;
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await ctx.newPage();
  await page.route('**/api/v1/query_range?*', async (route) => {
    const q = new URL(route.request().url()).searchParams;
    const start = Number(q.get('start'));
    const end = Number(q.get('end'));
    const step = Number(q.get('step'));
    const result = [];
    for (let s = 0; s < SERIES; s++) {
      const values = [];
      for (let t = start, k = 0; t <= end + 1e-9; t += step, k++) values.push([Math.round(t * 1000) / 1000, String(Math.round((50 + 40 * Math.sin(k / 30 + s) + s) * 1000) / 1000)]);
      lastPoints = values.length;
      result.push({ metric: { __name__: 'bench_series', instance: `host-${s % 20}:9100`, job: 'bench', shard: String(s) }, values });
    }
    await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } }) });
  });
  const draws = [];
  await page.goto(`${url}/query?g0.expr=bench_series&g0.tab=graph&g0.range_input=59m55s&g0.step_input=5`);
  for (let i = 0; i <= RUNS; i++) {
    if (i > 0) {
      await page.evaluate(() => performance.clearMarks());
      await page.getByRole('button', { name: /Execute/ }).click();
    }
    const d = await page.evaluate(async () => {
      for (let j = 0; j < 500; j++) {
        const a = performance.getEntriesByName('hearth:graph:response').at(-1);
        const b = performance.getEntriesByName('hearth:graph:drawn').at(-1);
        if (a && b && b.startTime > a.startTime) return b.startTime - a.startTime;
        await new Promise((r) => setTimeout(r, 10));
      }
      return NaN;
    });
    draws.push(d);
  }
  await ctx.close();
  results.draw = { series: SERIES, points: lastPoints, first: draws[0], median: median(draws.slice(1)), max: Math.max(...draws.slice(1)) };

  // -------------------------------------------------------------------------------------------
  // typing with completion
  {
    const ctx2 = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page2 = await ctx2.newPage();
    await page2.addInitScript(() => {
      window.__longTasks = [];
      window.__events = [];
      new PerformanceObserver((l) => window.__longTasks.push(...l.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: true });
      new PerformanceObserver((l) => window.__events.push(...l.getEntries().map((e) => ({ name: e.name, duration: e.duration })))).observe({ type: 'event', durationThreshold: 16, buffered: true });
    });
    await page2.goto(`${url}/query`);
    const ed = page2.getByLabel('PromQL expression');
    await ed.click();
    // Let the page settle, then measure only the typing.
    await page2.waitForTimeout(500);
    await page2.evaluate(() => {
      window.__longTasks.length = 0;
      window.__events.length = 0;
    });
    const text = 'sum by (instance) (rate(bench_metric_04';
    const names = await page2.evaluate(async () => (await (await fetch('/api/v1/label/__name__/values')).json()).data.length);
    const t0 = Date.now();
    await page2.keyboard.type(text, { delay: 80 });
    await page2.locator('.cm-tooltip-autocomplete li').first().waitFor({ timeout: 3000 }).catch(() => {});
    const completions = await page2.locator('.cm-tooltip-autocomplete li').count();
    await page2.keyboard.type('2', { delay: 80 });
    await page2.waitForTimeout(300);
    const typedMs = Date.now() - t0;
    const r = await page2.evaluate(() => ({ longTasks: window.__longTasks.slice(), events: window.__events.slice() }));
    const inputEvents = r.events.filter((e) => /^key|^input|^beforeinput|^keypress/.test(e.name));
    results.typing = {
      keys: text.length + 1,
      typedMs,
      metricNames: names,
      completionsShown: completions,
      longestTask: r.longTasks.length ? Math.max(...r.longTasks) : 0,
      longTasksOver50: r.longTasks.filter((d) => d > 50).length,
      longestKeyToPaint: inputEvents.length ? Math.max(...inputEvents.map((e) => e.duration)) : 0,
      keyEventsOver16ms: inputEvents.length,
    };
    await ctx2.close();
  }

  // -------------------------------------------------------------------------------------------
  // bundle: what index.html loads
  {
    const html = readFileSync(join(root, 'dist/renderer/index.html'), 'utf8');
    const refs = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((m) => m[1]);
    const files = readdirSync(assets).filter((f) => !f.endsWith('.map'));
    const size = (f) => statSync(join(assets, f)).size;
    const gz = (f) => gzipSync(readFileSync(join(assets, f)), { level: 9 }).length;
    const js = files.filter((f) => f.endsWith('.js'));
    const css = files.filter((f) => f.endsWith('.css'));
    const initial = refs.filter((f) => f.endsWith('.js'));
    results.bundle = {
      js: { files: js.length, raw: js.reduce((a, f) => a + size(f), 0), gzip: js.reduce((a, f) => a + gz(f), 0) },
      initialJs: { files: initial.length, raw: initial.reduce((a, f) => a + size(f), 0), gzip: initial.reduce((a, f) => a + gz(f), 0) },
      css: { raw: css.reduce((a, f) => a + size(f), 0), gzip: css.reduce((a, f) => a + gz(f), 0) },
    };
  }
} finally {
  await cleanup();
}

if (JSON_OUT) {
  console.log(JSON.stringify(results, null, 2));
} else {
  const p = results.paint;
  const d = results.draw;
  const t = results.typing;
  const b = results.bundle;
  const verdict = (ok) => (ok ? 'ok' : 'OVER TARGET');
  console.log(`\nConsole benchmark (Chromium ${chromiumVersion}, headless, software rendering; ${RUNS} runs)\n`);
  console.log('| measure | median | worst | target |');
  console.log('| --- | --- | --- | --- |');
  console.log(`| first contentful paint, empty cache | ${ms(p.coldFcp.median)} | ${ms(p.coldFcp.max)} | < 1 s: ${verdict(p.coldFcp.max < 1000)} |`);
  console.log(`| app mounted, empty cache | ${ms(p.coldMounted.median)} | ${ms(p.coldMounted.max)} | |`);
  console.log(`| first contentful paint, warm cache | ${ms(p.warmFcp.median)} | ${ms(p.warmFcp.max)} | |`);
  console.log(`| draw ${d.series} series × ${d.points} points after the response | ${ms(d.median)} | ${ms(d.max)} | < 100 ms: ${verdict(d.max < 100)} |`);
  console.log(`| (first draw of the page, cold code) | ${ms(d.first)} | | |`);
  const longest = t.longTasksOver50 === 0 ? 'none ≥ 50 ms' : ms(t.longestTask);
  console.log(`| main-thread tasks while typing ${t.keys} keys with completion over ${t.metricNames} metric names | ${longest} | ${t.longTasksOver50} tasks > 50 ms | < 50 ms: ${verdict(t.longTasksOver50 === 0)} |`);
  console.log(`| longest key-to-next-paint while typing (Event Timing, 8 ms granularity) | ${ms(t.longestKeyToPaint)} | ${t.keyEventsOver16ms} key events > 16 ms | |`);
  console.log(`\nBundle: JavaScript ${kb(b.js.raw)} (${kb(b.js.gzip)} gzip) in ${b.js.files} file(s), ${kb(b.initialJs.raw)} (${kb(b.initialJs.gzip)} gzip) loaded at start; CSS ${kb(b.css.raw)} (${kb(b.css.gzip)} gzip).`);
  console.log(`Completion list showed ${t.completionsShown} entries while typing.`);
}
