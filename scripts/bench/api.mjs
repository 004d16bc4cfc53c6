// End-to-end query benchmark: the real `hearth serve` (TSDB on SQLite, worker-thread query pool,
// JSON API) against Debian's Prometheus, on the same data set imported into both, with
// ../shared/bench/compare.mjs alternating between them. Prints compare.mjs's table: median
// latencies, the Hearth/Prometheus ratio and whether the results are equal.
//
//   npm run bench -- api [--series 10000] [--duration 6h] [--jitter-ms 0] [--runs 11] [--warmup 3] [--work DIR]
//
// Needs prometheus and promtool on PATH (apt-get install -y prometheus). The generated file and
// both data directories are kept in --work (default /tmp/hearth-api-bench) and reused when the
// parameters match, so a second run only measures.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shared = resolve(root, '..', 'shared', 'bench');

function arg(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}
const series = arg('series', '10000');
const duration = arg('duration', '6h');
const jitter = arg('jitter-ms', '0');
const runs = arg('runs', '11');
const warmup = arg('warmup', '3');
const work = arg('work', '/tmp/hearth-api-bench');
const name = `s${series}-d${duration}-j${jitter}`;

for (const bin of ['prometheus', 'promtool']) {
  try {
    execFileSync('which', [bin], { stdio: 'ignore' });
  } catch {
    console.error(`bench api: ${bin} is not installed (apt-get install -y prometheus)`);
    process.exit(2);
  }
}

mkdirSync(work, { recursive: true });
const om = join(work, `${name}.om`);
const stats = join(work, `${name}.json`);
const promData = join(work, `prom-${name}`);
const hearthData = join(work, `hearth-${name}`);

function step(label, fn) {
  const t0 = Date.now();
  fn();
  console.log(`${label}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

if (!existsSync(stats)) {
  step('generate', () =>
    execFileSync(process.execPath, [join(shared, 'gen-openmetrics.mjs'), '--series', series, '--duration', duration, '--seed', '1', '--jitter-ms', jitter, '--out', om, '--stats', stats], { stdio: 'inherit' }),
  );
}
if (!existsSync(promData)) {
  step('promtool backfill', () => {
    rmSync(`${promData}.tmp`, { recursive: true, force: true });
    execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=6h', om, `${promData}.tmp`], { stdio: 'ignore' });
    execFileSync('mv', [`${promData}.tmp`, promData]);
  });
}
if (!existsSync(hearthData)) {
  step('hearth import', () => {
    rmSync(`${hearthData}.tmp`, { recursive: true, force: true });
    execFileSync(process.execPath, [join(root, 'dist/electron/core/cli.js'), 'import', 'openmetrics', om, '--storage.tsdb.path', `${hearthData}.tmp`], { stdio: 'inherit' });
    execFileSync('mv', [`${hearthData}.tmp`, hearthData]);
  });
}
const end = JSON.parse(readFileSync(stats, 'utf8')).end;

function freePort() {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => ok(p));
    });
  });
}

async function waitReady(url) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/-/ready`)).status === 200) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not become ready`);
}

const promPort = await freePort();
const hearthPort = await freePort();
const promCfg = join(work, 'prometheus.yml');
writeFileSync(promCfg, 'global:\n  scrape_interval: 1h\n');
const emptyCfg = join(work, 'hearth.yml');
writeFileSync(emptyCfg, 'global:\n  scrape_interval: 1h\n');
const prom = spawn('prometheus', [`--config.file=${promCfg}`, `--storage.tsdb.path=${promData}`, `--web.listen-address=127.0.0.1:${promPort}`, '--storage.tsdb.retention.time=3650d'], { stdio: 'ignore' });
const hearth = spawn(process.execPath, [join(root, 'dist/electron/core/cli.js'), 'serve', `--config.file=${emptyCfg}`, `--storage.tsdb.path=${hearthData}`, `--web.listen-address=127.0.0.1:${hearthPort}`, '--storage.tsdb.retention.time=3650d', '--log.level=warn'], { stdio: ['ignore', 'ignore', 'inherit'] });
const stop = () => {
  prom.kill('SIGTERM');
  hearth.kill('SIGTERM');
};
process.on('exit', stop);
try {
  await Promise.all([waitReady(`http://127.0.0.1:${promPort}`), waitReady(`http://127.0.0.1:${hearthPort}`)]);
  console.log(`data: ${series} series × ${duration}, A = Prometheus ${execFileSync('prometheus', ['--version']).toString().split('\n')[0].split(' ')[2]}, B = Hearth`);
  const r = spawn(process.execPath, [join(shared, 'compare.mjs'), '--a', `http://127.0.0.1:${promPort}`, '--b', `http://127.0.0.1:${hearthPort}`, '--end', String(end), '--runs', runs, '--warmup', warmup], { stdio: 'inherit' });
  // compare.mjs exits non-zero on any difference; the table says which, and known 2.x/3.x
  // differences are expected, so the bench itself does not fail on them.
  await new Promise((ok) => r.on('exit', ok));
} finally {
  stop();
}
