// The rules bench's data: ../shared/bench's 10,000-series set, generated so that it ends now
// and goes on into the next minutes. The past part is backfilled into both servers (an
// OpenMetrics file for promtool and `hearth import`); the future part is served live, one
// scrape body per 15 s step picked by the wall clock, so both servers scrape the same values
// and rules see history and fresh samples of one continuous series, as on a running server.

import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';

/**
 * Generates the data set and splits it at the current 15 s step.
 * Returns the history file, the cut time (ms; history holds samples before it) and one
 * text-format (0.0.4) body per live step, step k covering [cutMs + k·step, cutMs + (k+1)·step).
 */
export async function prepareDataset({ generator, work, series, historyMs, liveMs, stepMs = 15_000, seed = 1, nowMs = Date.now() }) {
  const cutMs = Math.floor(nowMs / stepMs) * stepMs;
  const startMs = cutMs - historyMs;
  const historySteps = Math.round(historyMs / stepMs);
  const liveSteps = Math.ceil(liveMs / stepMs);
  // The generator's output is split as it comes: the whole set never lands on disk.
  const gen = spawn(
    process.execPath,
    [generator, '--series', String(series), '--duration', `${(historySteps + liveSteps) * (stepMs / 1000)}s`, '--interval', `${stepMs / 1000}s`, '--start', String(startMs / 1000), '--seed', String(seed)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  gen.stderr.on('data', (d) => (err += d));
  const exited = new Promise((ok) => gen.on('close', ok));
  const historyFile = join(work, 'history.om');
  const { bodies, historySamples, liveSeries } = await splitOpenMetrics(gen.stdout, historyFile, { startMs, stepMs, historySteps, liveSteps });
  const code = await exited;
  if (code !== 0) throw new Error(`gen-openmetrics.mjs failed (exit ${code}): ${err.trim()}`);
  return { historyFile, cutMs, stepMs, bodies, historySamples, liveSeries };
}

/**
 * Streams OpenMetrics text from gen-openmetrics.mjs (a file's path, or a readable stream): samples of steps before `historySteps`
 * go to `historyFile` unchanged, later ones become text-format lines of their step's body
 * (no timestamp; counter families renamed to their _total sample name, as text format 0.0.4
 * names them). Relies on the generator's layout: one family after another, and each sample's
 * timestamp being its step's start plus a per-target phase under one step.
 */
export async function splitOpenMetrics(source, historyFile, { startMs, stepMs, historySteps, liveSteps }) {
  const out = createWriteStream(historyFile);
  let pending = '';
  const write = async (s) => {
    pending += s;
    if (pending.length > 1 << 20) {
      if (!out.write(pending)) await once(out, 'drain');
      pending = '';
    }
  };
  const lines = Array.from({ length: liveSteps }, () => []);
  const header = (l) => {
    for (const b of lines) b.push(l);
  };
  let historySamples = 0;
  let liveSeries = 0;
  let family = '';
  let rest = '';
  const input = typeof source === 'string' ? createReadStream(source, { highWaterMark: 8 << 20 }) : source;
  input.setEncoding('utf8');
  for await (const chunk of input) {
    const text = rest + chunk;
    let pos = 0;
    let keep = '';
    for (;;) {
      const nl = text.indexOf('\n', pos);
      if (nl < 0) break;
      const line = text.slice(pos, nl);
      pos = nl + 1;
      if (line === '# EOF') continue;
      if (line.startsWith('#')) {
        keep += line + '\n';
        const m = /^# (TYPE|HELP) (\S+) (.*)$/.exec(line);
        if (m) {
          if (m[1] === 'TYPE') family = m[3] === 'counter' && !m[2].endsWith('_total') ? `${m[2]}_total` : m[2];
          header(`# ${m[1]} ${family} ${m[3]}`);
        }
        continue;
      }
      if (line === '') continue;
      const sp = line.lastIndexOf(' ');
      const tMs = Math.round(Number(line.slice(sp + 1)) * 1000);
      const step = Math.floor((tMs - startMs) / stepMs);
      if (step < historySteps) {
        keep += line + '\n';
        historySamples++;
      } else if (step - historySteps < liveSteps) {
        const k = step - historySteps;
        if (k === 0) liveSeries++;
        lines[k].push(line.slice(0, sp));
      }
    }
    rest = text.slice(pos);
    if (keep) await write(keep);
  }
  await write('# EOF\n');
  out.end(pending);
  await once(out, 'finish');
  return { bodies: lines.map((l) => Buffer.from(l.join('\n') + '\n')), historySamples, liveSeries };
}
