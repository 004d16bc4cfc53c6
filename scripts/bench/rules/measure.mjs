// What the rules bench measures of a running server, the same way for Hearth and Prometheus:
// CPU of the whole process from /proc, and each rule group's evaluations from Prometheus's own
// metrics (prometheus_rule_group_*), or from /api/v1/rules where a server lacks the metrics.

import { readFileSync } from 'node:fs';

const CLK_TCK = 100; // USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK)

/** utime + stime of a process, all its threads (query workers included), in seconds. */
export function processCpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / CLK_TCK;
}

/** Resident memory of a process, KiB. */
export function rssKiB(pid) {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

/** CPU seconds of all processes together, and of the machine's wall time (for how busy it was). */
export function machineCpuSeconds() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  const busy = f[0] + f[1] + f[2] + f[5] + f[6] + (f[7] ?? 0);
  return { busy: busy / CLK_TCK, total: (busy + f[3] + f[4]) / CLK_TCK };
}

/** Unescapes a label value of the text format (\\, \", \n). */
function unescape(v) {
  return v.replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
}

const GROUP_METRICS = {
  prometheus_rule_group_last_evaluation_timestamp_seconds: 'lastEvalSec',
  prometheus_rule_group_last_duration_seconds: 'durationSec',
  prometheus_rule_group_iterations_missed_total: 'missed',
  prometheus_rule_group_iterations_total: 'iterations',
  prometheus_rule_group_rules: 'rules',
  prometheus_rule_evaluations_total: 'evaluations',
  prometheus_rule_evaluation_failures_total: 'failures',
};

/**
 * Each rule group's figures from a text-format /metrics body, keyed by the `rule_group` label
 * ("file;name"): { lastEvalSec, durationSec, missed, iterations, rules, evaluations, failures },
 * fields absent when the server does not export them. An empty map when it exports none.
 */
export function groupsFromMetrics(text) {
  const groups = new Map();
  for (const line of text.split('\n')) {
    if (line.charCodeAt(0) !== 112 /* p */) continue;
    const brace = line.indexOf('{');
    if (brace < 0) continue;
    const field = GROUP_METRICS[line.slice(0, brace)];
    if (!field) continue;
    const m = /rule_group="((?:[^"\\]|\\.)*)"/.exec(line);
    if (!m) continue;
    const key = unescape(m[1]);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = {}));
    g[field] = Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return groups;
}

/**
 * The same figures from a /api/v1/rules answer (Prometheus's shape): lastEvaluation and
 * evaluationTime per group, and the rule count. A group never evaluated has lastEvalSec 0.
 */
export function groupsFromRulesApi(body) {
  const groups = new Map();
  for (const g of body?.data?.groups ?? []) {
    const t = Date.parse(g.lastEvaluation ?? '');
    groups.set(`${g.file};${g.name}`, {
      lastEvalSec: Number.isFinite(t) && t > 0 ? t / 1000 : 0,
      durationSec: Number(g.evaluationTime ?? 0),
      rules: (g.rules ?? []).length,
    });
  }
  return groups;
}

/**
 * Collects one record per group evaluation from successive snapshots: a group whose last
 * evaluation time moved has run again. Polling faster than the evaluation interval sees every
 * evaluation; a slower poll would see only the latest of several.
 */
export class IterationLog {
  constructor() {
    this.last = new Map();
    /** @type {{group: string, startSec: number, durationSec: number}[]} */
    this.iterations = [];
  }

  add(snapshot) {
    for (const [group, g] of snapshot) {
      if (!(g.lastEvalSec > 0)) continue;
      const prev = this.last.get(group);
      this.last.set(group, g.lastEvalSec);
      // The first sight of a group only sets where its history starts.
      if (prev === undefined || prev === g.lastEvalSec) continue;
      this.iterations.push({ group, startSec: g.lastEvalSec, durationSec: g.durationSec ?? NaN });
    }
  }
}

/**
 * How late each evaluation started against its slot, seconds, where `offsetSecOf(group)` gives
 * the group's offset in its interval (Prometheus's hash of file and name modulo the interval):
 * the slot is the latest `k·interval + offset` at or before the start. A server that placed its
 * groups elsewhere shows lateness spread over the whole interval.
 */
export function slotLateness(iterations, intervalSec, offsetSecOf) {
  return iterations.map((it) => {
    let r = (it.startSec - offsetSecOf(it.group)) % intervalSec;
    if (r < 0) r += intervalSec;
    // A start within 2 ms before the slot is on time: the slot is in ns, a server's clock may
    // be in ms (Hearth truncates the slot to its ms), and the timestamp is a float of seconds.
    return r > intervalSec - 0.002 ? 0 : r;
  });
}

/** The q-quantile (0..1) of numbers by linear interpolation; NaN for none. */
export function quantile(xs, q) {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export const median = (xs) => quantile(xs, 0.5);

/**
 * Per-window CPU shares from samples [{tSec, cpuSec}] taken at window boundaries:
 * CPU seconds per wall second of each window.
 */
export function windowShares(samples) {
  const out = [];
  for (let i = 1; i < samples.length; i++) {
    const dt = samples[i].tSec - samples[i - 1].tSec;
    if (dt > 0) out.push((samples[i].cpuSec - samples[i - 1].cpuSec) / dt);
  }
  return out;
}

/** Sum of `field` over every group of a snapshot (counters: evaluations, failures, missed). */
export function sumField(snapshot, field) {
  let n = 0;
  for (const g of snapshot.values()) if (Number.isFinite(g[field])) n += g[field];
  return n;
}
