/**
 * A small metrics registry for Hearth's own /metrics, in the spirit of prom-client but ours:
 * counters, gauges and histograms with label names, plus *Func families whose value is read
 * when the registry renders, so an engine can expose counters it already keeps without
 * importing the registry everywhere.
 *
 * Hot path: `labels(...)` returns a child that callers may keep; `inc`/`set`/`observe` on a
 * child is one addition or store. Label lookups by object cost a string join per call.
 */

import type { Logger } from '../log.js';
import { formatExpositionFloat } from '../../../shared/text/float.js';
import { isLegacyLabelName, isLegacyMetricName } from '../../../shared/text/names.js';
import {
  compareSamples,
  familyHeader,
  formatLabels,
  renderFamily,
  type MetricType,
  type Sample,
} from './exposition.js';

export type LabelSet = Readonly<Record<string, string>>;

/** What a *Func callback returns: one unlabelled value, or labelled series. */
export type FuncResult = number | ReadonlyArray<{ readonly labels: LabelSet; readonly value: number }>;

/** client_golang's DefBuckets, for request latencies in seconds. */
export const DEFAULT_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** `count` buckets: start, start*factor, start*factor², … */
export function exponentialBuckets(start: number, factor: number, count: number): number[] {
  if (!(start > 0) || !(factor > 1) || !(count >= 1)) {
    throw new Error(`exponentialBuckets needs start > 0, factor > 1, count >= 1 (got ${start}, ${factor}, ${count})`);
  }
  const out: number[] = [];
  for (let i = 0, b = start; i < count; i++, b *= factor) out.push(b);
  return out;
}

/** `count` buckets: start, start+width, start+2·width, … */
export function linearBuckets(start: number, width: number, count: number): number[] {
  if (!(width > 0) || !(count >= 1)) throw new Error(`linearBuckets needs width > 0, count >= 1 (got ${width}, ${count})`);
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(start + i * width);
  return out;
}

const KEY_SEP = '\xff';

function checkName(name: string): void {
  if (!isLegacyMetricName(name)) throw new Error(`invalid metric name "${name}"`);
}

function checkLabelNames(metric: string, labelNames: readonly string[], reserved: readonly string[] = []): void {
  const seen = new Set<string>();
  for (const l of labelNames) {
    if (!isLegacyLabelName(l) || l.startsWith('__')) throw new Error(`metric "${metric}": invalid label name "${l}"`);
    if (reserved.includes(l)) throw new Error(`metric "${metric}": label name "${l}" is reserved`);
    if (seen.has(l)) throw new Error(`metric "${metric}": duplicate label name "${l}"`);
    seen.add(l);
  }
}

/** Shared by counters, gauges and histograms: label names, children by label values. */
abstract class Vec<C> {
  protected readonly children = new Map<string, { values: string[]; child: C }>();
  /** Positions of the label names in sorted order, for rendering. */
  private readonly order: number[];

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {
    this.order = labelNames.map((_, i) => i).sort((a, b) => (labelNames[a]! < labelNames[b]! ? -1 : 1));
  }

  protected abstract newChild(): C;

  /** The child for these label values, positional in `labelNames` order, or by name. */
  labels(...values: string[]): C;
  labels(labels: LabelSet): C;
  labels(...args: unknown[]): C {
    if (args.length === 1 && typeof args[0] === 'object' && args[0] !== null) return this.childOf(args[0] as LabelSet);
    return this.childFor(args.map(String));
  }

  /** Drops the series with these labels (e.g. a target that went away). */
  remove(labels: LabelSet): void {
    this.children.delete(this.keyOf(labels));
    if (this.labelNames.length === 0) this.soloChild = undefined;
  }

  /** Drops every series; an unlabelled metric goes back to its zero value. */
  reset(): void {
    this.children.clear();
    this.soloChild = undefined;
  }

  private soloChild: C | undefined;

  /** The one child of an unlabelled metric, cached: the hot path of inc()/set()/observe() without labels. */
  protected solo(): C {
    return (this.soloChild ??= this.childFor([]));
  }

  /** The series to render. An unlabelled metric always has one, as in client_golang (a new counter reads 0). */
  protected entries(): IterableIterator<{ values: string[]; child: C }> {
    if (this.labelNames.length === 0) this.childFor([]);
    return this.children.values();
  }

  protected childFor(values: string[]): C {
    if (values.length !== this.labelNames.length) {
      throw new Error(`metric "${this.name}": expected ${this.labelNames.length} label values (${this.labelNames.join(', ')}), got ${values.length}`);
    }
    const key = values.join(KEY_SEP);
    let entry = this.children.get(key);
    if (!entry) {
      entry = { values, child: this.newChild() };
      this.children.set(key, entry);
    }
    return entry.child;
  }

  /** The child for labels given by name; the lookup key is built without intermediate arrays. */
  protected childOf(labels: LabelSet): C {
    const entry = this.children.get(this.keyOf(labels));
    return entry ? entry.child : this.childFor(this.valuesOf(labels));
  }

  /** The children map's key for labels given by name; throws on a missing or unknown label. */
  protected keyOf(labels: LabelSet): string {
    const names = this.labelNames;
    let key = '';
    for (let i = 0; i < names.length; i++) {
      const v = labels[names[i]!];
      if (v === undefined) throw new Error(`metric "${this.name}": missing label "${names[i]}"`);
      key = i === 0 ? String(v) : key + KEY_SEP + v;
    }
    let n = 0;
    for (const k in labels) if (Object.prototype.hasOwnProperty.call(labels, k)) n++;
    if (n !== names.length) this.valuesOf(labels);
    return key;
  }

  protected valuesOf(labels: LabelSet): string[] {
    const names = Object.keys(labels);
    for (const n of names) {
      if (!this.labelNames.includes(n)) throw new Error(`metric "${this.name}": unknown label "${n}"`);
    }
    return this.labelNames.map((n) => {
      const v = labels[n];
      if (v === undefined) throw new Error(`metric "${this.name}": missing label "${n}"`);
      return String(v);
    });
  }

  /** Label pairs sorted by name, for rendering. */
  protected pairs(values: readonly string[]): Array<readonly [string, string]> {
    return this.order.map((i) => [this.labelNames[i]!, values[i]!] as const);
  }

  abstract render(): string;
}

export class CounterChild {
  /** @internal */ value = 0;

  inc(value = 1): void {
    if (!(value >= 0)) throw new Error(`counter cannot be increased by ${value}`);
    this.value += value;
  }

  get(): number {
    return this.value;
  }
}

/** A cumulative count; only goes up (reset is a process restart). */
export class Counter extends Vec<CounterChild> {
  protected newChild(): CounterChild {
    return new CounterChild();
  }

  inc(value?: number): void;
  inc(labels: LabelSet, value?: number): void;
  inc(a?: number | LabelSet, b?: number): void {
    if (typeof a === 'object') this.labels(a).inc(b);
    else this.solo().inc(a);
  }

  get(labels: LabelSet = {}): number {
    return this.children.get(this.keyOf(labels))?.child.value ?? 0;
  }

  render(): string {
    const samples: Sample[] = [];
    for (const { values, child } of this.entries()) samples.push({ labels: this.pairs(values), value: child.value });
    return renderFamily({ name: this.name, help: this.help, type: 'counter', samples });
  }
}

export class GaugeChild {
  /** @internal */ value = 0;

  set(value: number): void {
    this.value = value;
  }

  inc(value = 1): void {
    this.value += value;
  }

  dec(value = 1): void {
    this.value -= value;
  }

  /** Sets the gauge to the current time in seconds since the epoch. */
  setToCurrentTime(): void {
    this.value = Date.now() / 1000;
  }

  get(): number {
    return this.value;
  }
}

/** A value that goes up and down. */
export class Gauge extends Vec<GaugeChild> {
  protected newChild(): GaugeChild {
    return new GaugeChild();
  }

  set(value: number): void;
  set(labels: LabelSet, value: number): void;
  set(a: number | LabelSet, b?: number): void {
    if (typeof a === 'object') this.labels(a).set(b as number);
    else this.solo().set(a);
  }

  inc(value?: number): void;
  inc(labels: LabelSet, value?: number): void;
  inc(a?: number | LabelSet, b?: number): void {
    if (typeof a === 'object') this.labels(a).inc(b);
    else this.solo().inc(a);
  }

  dec(value?: number): void;
  dec(labels: LabelSet, value?: number): void;
  dec(a?: number | LabelSet, b?: number): void {
    if (typeof a === 'object') this.labels(a).dec(b);
    else this.solo().dec(a);
  }

  get(labels: LabelSet = {}): number {
    return this.children.get(this.keyOf(labels))?.child.value ?? 0;
  }

  render(): string {
    const samples: Sample[] = [];
    for (const { values, child } of this.entries()) samples.push({ labels: this.pairs(values), value: child.value });
    return renderFamily({ name: this.name, help: this.help, type: 'gauge', samples });
  }
}

export class HistogramChild {
  /** Per-bucket counts (not cumulative); the last slot is +Inf. */
  /** @internal */ readonly counts: Float64Array;
  /** @internal */ sum = 0;
  /** @internal */ count = 0;

  constructor(private readonly bounds: Float64Array) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    const b = this.bounds;
    let i = 0;
    // Upper bounds are inclusive (le). NaN fails every comparison and lands in +Inf, as in Go.
    while (i < b.length && !(value <= b[i]!)) i++;
    this.counts[i]!++;
    this.sum += value;
    this.count++;
  }

  /** Starts a timer; the returned function observes the elapsed seconds and returns them. */
  startTimer(): () => number {
    const t0 = process.hrtime.bigint();
    return () => {
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      this.observe(s);
      return s;
    };
  }
}

/** Observations counted into cumulative `le` buckets, with their sum and count. */
export class Histogram extends Vec<HistogramChild> {
  readonly buckets: Float64Array;

  constructor(name: string, help: string, buckets: readonly number[], labelNames: readonly string[]) {
    const b = buckets.slice();
    // A trailing +Inf is implied; accept it when given, as client_golang does.
    if (b.length > 0 && b[b.length - 1] === Infinity) b.pop();
    for (let i = 0; i < b.length; i++) {
      if (!Number.isFinite(b[i]!)) throw new Error(`histogram "${name}": bucket ${b[i]} is not a finite number`);
      if (i > 0 && !(b[i]! > b[i - 1]!)) throw new Error(`histogram "${name}": buckets must be in increasing order (${b[i - 1]} then ${b[i]})`);
    }
    super(name, help, labelNames);
    this.buckets = Float64Array.from(b);
  }

  protected newChild(): HistogramChild {
    return new HistogramChild(this.buckets);
  }

  observe(value: number): void;
  observe(labels: LabelSet, value: number): void;
  observe(a: number | LabelSet, b?: number): void {
    if (typeof a === 'object') this.labels(a).observe(b as number);
    else this.solo().observe(a);
  }

  startTimer(labels?: LabelSet): () => number {
    return (labels ? this.labels(labels) : this.solo()).startTimer();
  }

  render(): string {
    const entries = [...this.entries()].map(({ values, child }) => ({ labels: this.pairs(values), value: 0, child }));
    if (entries.length === 0) return '';
    entries.sort(compareSamples);
    let out = familyHeader(this.name, this.help, 'histogram');
    const bounds = this.buckets;
    for (const { labels, child } of entries) {
      let cum = 0;
      for (let i = 0; i < bounds.length; i++) {
        cum += child.counts[i]!;
        out += this.name + '_bucket' + formatLabels(labels, ['le', formatExpositionFloat(bounds[i]!)]) + ' ' + formatExpositionFloat(cum) + '\n';
      }
      out += this.name + '_bucket' + formatLabels(labels, ['le', '+Inf']) + ' ' + formatExpositionFloat(child.count) + '\n';
      const ls = formatLabels(labels);
      out += this.name + '_sum' + ls + ' ' + formatExpositionFloat(child.sum) + '\n';
      out += this.name + '_count' + ls + ' ' + formatExpositionFloat(child.count) + '\n';
    }
    return out;
  }
}

/** A family read from a callback at render time. */
class FuncFamily {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: MetricType,
    private readonly fn: () => FuncResult,
  ) {}

  render(): string {
    const r = this.fn();
    const samples: Sample[] = [];
    if (typeof r === 'number') {
      samples.push({ labels: [], value: r });
    } else {
      for (const { labels, value } of r) {
        const names = Object.keys(labels).sort();
        checkLabelNames(this.name, names);
        samples.push({ labels: names.map((n) => [n, String(labels[n])] as const), value });
      }
    }
    return renderFamily({ name: this.name, help: this.help, type: this.type, samples });
  }
}

type Renderable = Counter | Gauge | Histogram | FuncFamily;

export interface RegistryOptions {
  /** Where a failing *Func callback is reported; without one the family is silently left out. */
  readonly logger?: Logger;
}

export class Registry {
  private readonly metrics = new Map<string, Renderable>();

  constructor(private readonly opts: RegistryOptions = {}) {}

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    this.claim(name);
    checkLabelNames(name, labelNames);
    return this.add(new Counter(name, help, labelNames));
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    this.claim(name);
    checkLabelNames(name, labelNames);
    return this.add(new Gauge(name, help, labelNames));
  }

  histogram(name: string, help: string, buckets: readonly number[], labelNames: readonly string[] = []): Histogram {
    this.claim(name);
    checkLabelNames(name, labelNames, ['le']);
    return this.add(new Histogram(name, help, buckets, labelNames));
  }

  /** A counter whose value(s) `fn` returns at render time (it must never decrease). */
  counterFunc(name: string, help: string, fn: () => FuncResult): void {
    this.claim(name);
    this.add(new FuncFamily(name, help, 'counter', fn));
  }

  /** A gauge whose value(s) `fn` returns at render time. */
  gaugeFunc(name: string, help: string, fn: () => FuncResult): void {
    this.claim(name);
    this.add(new FuncFamily(name, help, 'gauge', fn));
  }

  /** Removes a metric (e.g. an engine that is being replaced); true when it existed. */
  unregister(name: string): boolean {
    return this.metrics.delete(name);
  }

  /**
   * Everything in the text format 0.0.4, families sorted by name. A *Func callback that
   * throws or returns bad labels leaves its family out (and is logged); the rest renders.
   */
  render(): string {
    const names = [...this.metrics.keys()].sort();
    let out = '';
    for (const name of names) {
      try {
        out += this.metrics.get(name)!.render();
      } catch (e) {
        this.opts.logger?.warn('Failed to collect metric', { metric: name, err: (e as Error).message });
      }
    }
    return out;
  }

  private claim(name: string): void {
    checkName(name);
    if (this.metrics.has(name)) throw new Error(`a metric named "${name}" is already registered`);
  }

  private add<T extends Renderable>(m: T): T {
    this.metrics.set(m.name, m);
    return m;
  }
}
