/**
 * The scrape cache of one target, as Prometheus's scrapeCache: maps the exposed text of a
 * series (`name{labels}` exactly as written) to its final label set and storage ref, so a
 * series seen before skips label parsing, relabelling and the store's lookup. It also keeps
 * the series of the previous scrape for staleness markers, and the metric metadata.
 *
 * Two texts can name one series (labels written in another order, or relabelling that
 * maps two series onto one): they share a CachedSeries, so staleness and duplicate checks
 * work on series, not on text.
 */

import type { Labels } from '../model/labels.js';
import type { MetricMetadata } from './target.js';
import { ReusedList } from './reusedList.js';
import type { MetricType } from './textparse/types.js';

export class CachedSeries {
  ref = 0;
  /** Iteration in which the series last got a sample, and where it came from. */
  lastIter = -1;
  lastLine = 0;
  lastRaw: RawEntry | null = null;
  /** Iteration in which the series was last recorded as present (for staleness). */
  staleIter = -1;

  constructor(readonly labels: Labels) {}
}

export class RawEntry {
  lastIter = -1;
  constructor(
    /** The exposed text, as an owned string. */
    readonly text: string,
    /** The series it stands for; null when metric relabelling drops it. */
    readonly series: CachedSeries | null,
    /** The label set as exposed (before target labels and relabelling). */
    readonly exposed: Labels,
  ) {}
}

interface MetaEntry {
  type: MetricType;
  help: string;
  unit: string;
  lastIter: number;
  /** Flushed from the cache; lines that set it must make a new entry. */
  dropped: boolean;
}

/** A TYPE/HELP/UNIT line already applied, and what it set. */
interface MetaLine {
  text: string;
  family: string;
  entry: MetaEntry;
  kind: 'type' | 'help' | 'unit';
  value: string;
}

export class ScrapeCache {
  /** Current scrape iteration. */
  iter = 0;
  /** Exposed text → entry, for series and for texts that relabelling drops. */
  private readonly raw = new Map<string, RawEntry>();
  private readonly byLabels = new Map<string, CachedSeries>();
  private readonly meta = new Map<string, MetaEntry>();
  /** Metadata lines seen before (by their text) and in body order, as for series. */
  private readonly metaLines = new Map<string, MetaLine>();
  private metaPrev = new ReusedList<MetaLine>();
  private metaCur = new ReusedList<MetaLine>();
  private cur = new ReusedList<CachedSeries>();
  private prev = new ReusedList<CachedSeries>();
  /** The iteration `prev` was recorded in, and how many of it were seen again in this one. */
  private prevIter = -1;
  private prevSeen = 0;
  /**
   * The entries in body order, of the last good scrape and of this one. Targets expose
   * their series in the same order every time, so comparing the text with the entry at
   * the same position usually finds it without hashing the text for the map.
   */
  private prevOrder = new ReusedList<RawEntry>();
  private curOrder = new ReusedList<RawEntry>();
  /** Entries made during the current iteration, undone if its samples are rolled back. */
  private readonly created: Array<[RawEntry, boolean]> = [];
  /** Raw entries touched this iteration, to skip the flush scan when nothing is unused. */
  private touched = 0;
  private successfulCount = 0;
  /** Flushes forced by growth while scrapes fail (prometheus_target_scrapes_cache_flush_forced_total). */
  forcedFlushes = 0;

  /**
   * The entry for the next series of the body (texts must come in body order), marked as
   * seen in this iteration; undefined when the text is new.
   */
  lookup(text: string): RawEntry | undefined {
    const guess = this.prevOrder.at(this.curOrder.n);
    const e = guess !== undefined && guess.text === text ? guess : this.raw.get(text);
    if (e === undefined) return undefined;
    if (e.lastIter !== this.iter) {
      e.lastIter = this.iter;
      this.touched++;
    }
    this.curOrder.push(e);
    return e;
  }

  seriesFor(labels: Labels): CachedSeries | undefined {
    return this.byLabels.get(labels.key);
  }

  /**
   * Caches the text of the next series of the body (after a lookup that missed) for a
   * series (new, or found by seriesFor), or as dropped when `series` is null.
   * `ownedText` must not share the body's memory.
   */
  add(ownedText: string, series: CachedSeries | null, exposed: Labels): RawEntry {
    const isNew = series !== null && !this.byLabels.has(series.labels.key);
    if (isNew) this.byLabels.set(series.labels.key, series);
    const e = new RawEntry(ownedText, series, exposed);
    e.lastIter = this.iter;
    this.touched++;
    this.raw.set(ownedText, e);
    this.created.push([e, isNew]);
    this.curOrder.push(e);
    return e;
  }

  /** Records that the series is present in this scrape. */
  track(s: CachedSeries): void {
    if (s.staleIter !== this.iter) {
      if (s.staleIter === this.prevIter) this.prevSeen++;
      s.staleIter = this.iter;
      this.cur.push(s);
    }
  }

  /** Series present in the previous scrape and absent from this one. */
  stale(): CachedSeries[] {
    const prev = this.prev;
    if (this.prevSeen === prev.n) return [];
    const out: CachedSeries[] = [];
    for (let i = 0; i < prev.n; i++) {
      const s = prev.at(i)!;
      if (s.staleIter !== this.iter) out.push(s);
    }
    return out;
  }

  /**
   * Forgets what the current attempt did (its samples were rolled back): new entries go,
   * and nothing counts as present, so the next stale() returns the whole previous scrape.
   */
  discardAttempt(): void {
    for (const [e, isNew] of this.created) {
      if (this.raw.get(e.text) === e) this.raw.delete(e.text);
      if (isNew && this.byLabels.get(e.series!.labels.key) === e.series) this.byLabels.delete(e.series!.labels.key);
    }
    this.created.length = 0;
    this.cur.clear();
    this.curOrder.clear();
    this.metaCur.clear();
    this.touched = 0;
    this.prevSeen = 0;
    this.iter++;
  }

  /**
   * Ends an iteration. With `flush` (a successful scrape) entries not seen in it are
   * dropped; otherwise the cache is only flushed when it has grown past twice its last
   * good size plus 1000, so failing scrapes with changing series cannot grow it forever.
   */
  iterDone(flush: boolean): void {
    const good = flush;
    const count = this.raw.size + this.meta.size;
    if (flush) this.successfulCount = count;
    else if (count > this.successfulCount * 2 + 1000) {
      flush = true;
      this.forcedFlushes++;
    }
    if (flush) {
      if (this.touched < this.raw.size) {
        for (const [text, e] of this.raw) {
          if (e.lastIter !== this.iter) {
            this.raw.delete(text);
            const s = e.series;
            if (s !== null && s.lastIter !== this.iter && this.byLabels.get(s.labels.key) === s) this.byLabels.delete(s.labels.key);
          }
        }
      }
      // Metadata stays for 10 scrapes after its metric disappeared.
      for (const [name, m] of this.meta) {
        if (this.iter - m.lastIter > 10) {
          m.dropped = true;
          this.meta.delete(name);
        }
      }
      if (this.metaLines.size > this.metaCur.n) {
        const seen = new Set(this.metaCur.toArray());
        for (const [text, m] of this.metaLines) if (!seen.has(m)) this.metaLines.delete(text);
      }
    }
    const t = this.prev;
    this.prev = this.cur;
    this.cur = t;
    this.cur.clear();
    this.prevIter = this.iter;
    this.prevSeen = 0;
    if (good) {
      const o = this.prevOrder;
      this.prevOrder = this.curOrder;
      this.curOrder = o;
      const mo = this.metaPrev;
      this.metaPrev = this.metaCur;
      this.metaCur = mo;
    }
    this.curOrder.clear();
    this.metaCur.clear();
    this.created.length = 0;
    this.touched = 0;
    this.iter++;
  }

  /** Every series of the last scrape (for end-of-run staleness markers). */
  lastScrapeSeries(): CachedSeries[] {
    return this.prev.toArray();
  }

  get size(): number {
    return this.raw.size;
  }

  private metaEntry(name: string): MetaEntry {
    let m = this.meta.get(name);
    if (m === undefined) {
      m = { type: 'unknown', help: '', unit: '', lastIter: this.iter, dropped: false };
      this.meta.set(name, m);
    }
    m.lastIter = this.iter;
    return m;
  }

  /**
   * Applies a metadata line seen in an earlier scrape, found by its text (`metaKey()`);
   * returns false when the line is new, and the caller then calls setMeta.
   */
  knownMetaLine(text: string): boolean {
    const guess = this.metaPrev.at(this.metaCur.n);
    const m = guess !== undefined && guess.text === text ? guess : this.metaLines.get(text);
    if (m === undefined || m.entry.dropped) return false;
    m.entry.lastIter = this.iter;
    // Another line may have changed the value since; this one sets it back.
    if (m.kind === 'type') m.entry.type = m.value as MetricType;
    else m.entry[m.kind] = m.value;
    this.metaCur.push(m);
    return true;
  }

  /** Applies a new metadata line; `ownedText` is its metaKey() as an owned string. */
  setMeta(ownedText: string, family: string, kind: 'type' | 'help' | 'unit', value: string): void {
    const entry = this.metaEntry(family);
    if (kind === 'type') entry.type = value as MetricType;
    else entry[kind] = value;
    const m: MetaLine = { text: ownedText, family, entry, kind, value };
    this.metaLines.set(ownedText, m);
    this.metaCur.push(m);
  }

  listMetadata(): MetricMetadata[] {
    const out: MetricMetadata[] = [];
    for (const [metric, m] of this.meta) out.push({ metric, type: m.type, help: m.help, unit: m.unit });
    return out;
  }

  getMetadata(metric: string): MetricMetadata | undefined {
    const m = this.meta.get(metric);
    return m === undefined ? undefined : { metric, type: m.type, help: m.help, unit: m.unit };
  }
}
