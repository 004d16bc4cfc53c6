/**
 * The scrape loop of one target, as Prometheus's scrapeLoop: scrape on a fixed grid (the
 * target's hash picks its phase within the interval), parse, label and append every sample
 * through one appender, add the synthetic series, mark vanished series stale, commit once.
 *
 * A scrape that fails (transport error, bad body, a limit) keeps nothing from its body: its
 * appender is rolled back and a fresh one carries only the staleness markers for the
 * previous scrape's series and the synthetic series with up 0, as Prometheus does. Stored
 * data is never modified: everything is appended after what is there.
 */

import type { HTTPClientConfig, RelabelConfig, ScrapeProtocol } from '../config/types.js';
import { nopLogger, type Logger } from '../log.js';
import { Labels, METRIC_NAME } from '../model/labels.js';
import { isLegacyLabelName, isLegacyMetricName } from '../../../shared/text/names.js';
import { StorageError } from '../storage/errors.js';
import type { Appendable, Appender } from '../storage/interface.js';
import { CachedSeries, type RawEntry, ScrapeCache } from './cache.js';
import { relabel } from './relabel.js';
import { BODY_SIZE_LIMIT_EXCEEDED, type FetchFn } from './scraper.js';
import type { ScrapeStats } from './stats.js';
import type { Target } from './target.js';
import { chooseMediaType, type MediaTypeChoice } from './textparse/mediaType.js';
import { newParser } from './textparse/index.js';
import { Entry, TextParseError } from './textparse/types.js';

/** Samples more than this far in the future are refused (Prometheus's maxAheadTime). */
const MAX_AHEAD_MS = 10 * 60 * 1000;
/** Scrape timestamps within this of the grid snap to it, for better compression (Prometheus: 2ms). */
const TIMESTAMP_TOLERANCE_MS = 2;

/** What a loop needs from its scrape config, resolved once per pool. */
export interface LoopConfig {
  honorLabels: boolean;
  honorTimestamps: boolean;
  trackTimestampsStaleness: boolean;
  sampleLimit: number;
  labelLimit: number;
  labelNameLengthLimit: number;
  labelValueLengthLimit: number;
  /** Effective limit: body_size_limit, or the default cap when unset. */
  bodySizeLimit: number;
  metricRelabelConfigs: readonly RelabelConfig[];
  legacyNames: boolean;
  fallbackScrapeProtocol: ScrapeProtocol | undefined;
  acceptHeader: string;
  enableCompression: boolean;
  extraScrapeMetrics: boolean;
  httpClient: HTTPClientConfig;
}

export interface LoopOptions {
  target: Target;
  fetch: FetchFn;
  appendable: Appendable;
  cache: ScrapeCache;
  config: LoopConfig;
  stats: ScrapeStats;
  /** Clock for sample timestamps, ms. */
  now: () => number;
  logger?: Logger;
  /** Mixed into the target hash so several Hearth instances spread differently. */
  offsetSeed: string;
  userAgent: string;
  /** Called with the error of every failed scrape (scrape_failure_log_file). */
  onFailure?: (error: string, target: Target) => void;
}

/**
 * The sample's labels with the target's added, as Prometheus's mutateSampleLabels, by a
 * linear merge of the two sorted sets. A name in both keeps the exposed value with
 * honor_labels; otherwise the target's value wins and the exposed one moves to
 * `exported_<name>` (or `exported_exported_<name>`, … if that is taken), shorter names first.
 */
function mergeTargetLabels(a: Labels, b: Labels, honor: boolean): Labels {
  const fa = a.pairs;
  const fb = b.pairs;
  const out: string[] = [];
  let conflicts: string[] | null = null;
  let i = 0;
  let j = 0;
  while (i < fa.length && j < fb.length) {
    const na = fa[i]!;
    const nb = fb[j]!;
    if (na < nb) {
      out.push(na, fa[i + 1]!);
      i += 2;
    } else if (nb < na) {
      out.push(nb, fb[j + 1]!);
      j += 2;
    } else {
      if (honor) out.push(na, fa[i + 1]!);
      else {
        out.push(nb, fb[j + 1]!);
        (conflicts ??= []).push(na, fa[i + 1]!);
      }
      i += 2;
      j += 2;
    }
  }
  for (; i < fa.length; i += 2) out.push(fa[i]!, fa[i + 1]!);
  for (; j < fb.length; j += 2) out.push(fb[j]!, fb[j + 1]!);
  if (conflicts === null) return Labels.fromSortedFlat(out);
  // Shorter names first (stable), so `exported_x` goes to x before exported_x needs it.
  for (let k = 2; k < conflicts.length; k += 2) {
    const n = conflicts[k]!;
    const v = conflicts[k + 1]!;
    let m = k - 2;
    while (m >= 0 && conflicts[m]!.length > n.length) {
      conflicts[m + 2] = conflicts[m]!;
      conflicts[m + 3] = conflicts[m + 1]!;
      m -= 2;
    }
    conflicts[m + 2] = n;
    conflicts[m + 3] = v;
  }
  for (let k = 0; k < conflicts.length; k += 2) {
    let name = conflicts[k]!;
    let at: number;
    do {
      name = 'exported_' + name;
      at = findName(out, name);
    } while (at >= 0);
    // Insert at the sorted position, which findName returned as -1 - position.
    out.splice(-1 - at, 0, name, conflicts[k + 1]!);
  }
  return Labels.fromSortedFlat(out);
}

/** Index of `name` in a sorted flat name/value array, or -1 - (where it would go). */
function findName(flat: string[], name: string): number {
  let lo = 0;
  let hi = flat.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const n = flat[mid << 1]!;
    if (n === name) return mid << 1;
    if (n < name) lo = mid + 1;
    else hi = mid;
  }
  return -1 - (lo << 1);
}

/** Why a scrape failed, with the message the targets page shows. */
class ScrapeFailure extends Error {}

const REPORT = [
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
  'scrape_samples_post_metric_relabeling',
  'scrape_series_added',
  'scrape_timeout_seconds',
  'scrape_sample_limit',
  'scrape_body_size_bytes',
] as const;

interface AppendResult {
  total: number;
  added: number;
  seriesAdded: number;
  /** Samples and staleness markers put into the appender. */
  appended: number;
  error: string | null;
}

export class ScrapeLoop {
  readonly target: Target;
  readonly cache: ScrapeCache;
  private readonly cfg: LoopConfig;
  private readonly log: Logger;
  private readonly reportSeries: Array<CachedSeries | undefined> = [];
  private readonly headers: Record<string, string>;

  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private nextAt = 0;
  private inFlight: Promise<void> | null = null;
  private forcedError: string | null = null;
  private lastSize = 0;
  /** The buffer of the last large body, handed back to the client once the body is parsed. */
  private spare: Buffer | null = null;
  /**
   * The format of the last good scrape. Every series text in the cache was lexed in it,
   * so while it stays the same a text the cache knows needs no lexing of its labels.
   */
  private lastMediaType: string | null = null;
  private lastContentType = '';
  private lastChoice: MediaTypeChoice | null = null;
  private scraped = false;
  private endOfRunDisabled = false;
  private endOfRunTimer: NodeJS.Timeout | null = null;
  private endOfRunResolve!: () => void;
  /** Settles when end-of-run staleness markers are written, found unnecessary, or cancelled. */
  readonly endOfRun: Promise<void> = new Promise((r) => (this.endOfRunResolve = r));

  constructor(private readonly o: LoopOptions) {
    this.target = o.target;
    this.cache = o.cache;
    this.cfg = o.config;
    this.log = (o.logger ?? nopLogger).with({ target: o.target.url });
    o.target.metadata = o.cache;
    this.headers = {
      Accept: o.config.acceptHeader,
      'Accept-Encoding': o.config.enableCompression ? 'gzip' : 'identity',
      'User-Agent': o.userAgent,
      'X-Prometheus-Scrape-Timeout-Seconds': String(o.target.timeoutMs / 1000),
    };
  }

  /** Makes every scrape fail with `err` (target_limit exceeded) until cleared with null. */
  setForcedError(err: string | null): void {
    this.forcedError = err;
  }

  /** Starts scraping at the target's offset, once `after` (a previous loop's stop) settles. */
  start(after: Promise<void> | null = null, skipOffset = false): void {
    this.running = true;
    const begin = () => {
      if (!this.running) return;
      const wall = Date.now();
      const delay = skipOffset ? 0 : this.target.offsetMs(wall, this.o.offsetSeed);
      this.schedule(wall + delay, wall);
    };
    if (after) void after.then(begin, begin);
    else begin();
  }

  private schedule(at: number, wall: number): void {
    this.nextAt = at;
    this.timer = setTimeout(this.tick, Math.max(0, at - wall));
    this.timer.unref?.();
  }

  private readonly tick = (): void => {
    this.timer = null;
    if (!this.running) return;
    const scheduled = this.nextAt;
    const wall = Date.now();
    const late = wall - scheduled;
    const st = this.o.stats;
    st.scrapeLatenessMsSum += Math.max(0, late);
    if (late > st.scrapeLatenessMsMax) st.scrapeLatenessMsMax = late;
    if (late > this.target.intervalMs / 10) st.scrapesLate++;
    // Snap the timestamp to the grid when the timer fired close enough to it.
    let appendTime = this.o.now();
    const tolerance = Math.min(this.target.intervalMs / 100, TIMESTAMP_TOLERANCE_MS);
    if (Math.abs(late) <= tolerance) appendTime -= late;
    appendTime = Math.round(appendTime);
    this.inFlight = this.scrapeAndReport(appendTime).finally(() => {
      this.inFlight = null;
      if (!this.running) return;
      // Stay on the grid; after an overrun, start at once and drop the missed ticks (as Go's ticker).
      const now = Date.now();
      const interval = this.target.intervalMs;
      let next = scheduled + interval;
      if (next <= now) next = scheduled + Math.floor((now - scheduled) / interval) * interval;
      this.schedule(next, now);
    });
  };

  /**
   * Stops scheduling; resolves when the scrape in flight (if any) has committed. With
   * `staleness`, every series of the last scrape gets a staleness marker once two more
   * intervals have passed (unless disabled meanwhile, e.g. because a new loop took over).
   */
  stop(staleness: boolean): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const done = this.inFlight ?? Promise.resolve();
    if (staleness) void done.then(() => this.scheduleEndOfRunStaleness());
    return done;
  }

  /** Keeps a stopped loop from writing end-of-run staleness markers (config reload, shutdown). */
  disableEndOfRunStaleness(): void {
    this.endOfRunDisabled = true;
    if (this.endOfRunTimer) clearTimeout(this.endOfRunTimer);
    this.endOfRunTimer = null;
    this.endOfRunResolve();
  }

  private scheduleEndOfRunStaleness(): void {
    if (this.endOfRunDisabled || !this.scraped) {
      this.endOfRunResolve();
      return;
    }
    // The markers carry the time of the next scrape that will not happen; they are written
    // after one more interval and 10%, by when a recreated target would have appended newer
    // samples (the markers are then out of order and ignored).
    const interval = this.target.intervalMs;
    const wall = Date.now();
    let staleAt = this.nextAt;
    while (staleAt <= wall - interval) staleAt += interval;
    const staleTime = Math.round(this.o.now() + (staleAt - wall));
    const writeAt = staleAt + interval + interval / 10;
    this.endOfRunTimer = setTimeout(() => {
      this.endOfRunTimer = null;
      if (!this.endOfRunDisabled) this.appendEndOfRunStaleness(staleTime);
      this.endOfRunResolve();
    }, Math.max(0, writeAt - wall));
    this.endOfRunTimer.unref?.();
  }

  /** Writes the end-of-run staleness markers now (also used by tests). */
  appendEndOfRunStaleness(staleTime: number): void {
    try {
      const app = this.o.appendable.appender();
      let n = 0;
      for (const s of this.cache.lastScrapeSeries()) n += this.appendStale(app, s, staleTime);
      for (const s of this.reportSeries) if (s) n += this.appendStale(app, s, staleTime);
      app.commit();
      this.keepRefs();
      this.o.stats.samplesAppended += n;
      this.o.stats.staleMarkersAppended += n;
    } catch (e) {
      this.undoRefs();
      this.log.warn('Stale commit failed', { err: e instanceof Error ? e.message : String(e) });
    }
  }

  /**
   * Records a ref the store handed out in the open appender. A ref for a new series may
   * only become valid on commit, so refs from an appender that is rolled back (or whose
   * commit fails) are put back to what they were.
   */
  private setRef(s: CachedSeries, ref: number): void {
    if (s.ref === ref) return;
    this.refSeries.push(s);
    this.refOld.push(s.ref);
    s.ref = ref;
  }

  private readonly refSeries: CachedSeries[] = [];
  private readonly refOld: number[] = [];

  /** The appender was committed: its refs are good. */
  private keepRefs(): void {
    this.refSeries.length = 0;
    this.refOld.length = 0;
  }

  /** The appender was rolled back or failed to commit: undo its refs. */
  private undoRefs(): void {
    for (let i = this.refSeries.length - 1; i >= 0; i--) this.refSeries[i]!.ref = this.refOld[i]!;
    this.keepRefs();
  }

  private appendStale(app: Appender, s: CachedSeries, t: number): number {
    try {
      this.setRef(s, app.appendStale(s.ref, s.labels, t));
      return 1;
    } catch (e) {
      // A newer sample is already there: the series came back, which is not an error.
      if (e instanceof StorageError) return 0;
      throw e;
    }
  }

  /** One scrape: fetch, parse, append, report, commit. Never rejects: a storage failure is logged. */
  async scrapeAndReport(appendTime: number): Promise<void> {
    try {
      await this.scrapeOnce(appendTime);
    } catch (e) {
      this.undoRefs();
      this.log.error('Scrape could not be stored', { err: e instanceof Error ? e.message : String(e) });
    }
  }

  private async scrapeOnce(appendTime: number): Promise<void> {
    const t0 = performance.now();
    const st = this.o.stats;
    st.scrapes++;
    let body: Buffer | null = null;
    let contentType = '';
    let scrapeErr: string | null = this.forcedError;
    let bodySize = 0;
    let spare: Buffer | null = null;
    if (scrapeErr === null) {
      try {
        const res = await this.o.fetch({
          url: this.target.url,
          headers: this.headers,
          timeoutMs: this.target.timeoutMs,
          bodySizeLimit: this.cfg.bodySizeLimit,
          httpClient: this.cfg.httpClient,
          sizeHint: this.lastSize,
          spare: this.spare,
        });
        this.spare = null;
        body = res.body;
        spare = res.spare ?? null;
        contentType = res.contentType;
        if (body.length > 0) this.lastSize = body.length;
        bodySize = body.length;
      } catch (e) {
        scrapeErr = e instanceof Error ? e.message : String(e);
        if (scrapeErr === BODY_SIZE_LIMIT_EXCEEDED) {
          st.exceededBodySizeLimit++;
          bodySize = -1;
        }
      }
    }

    let app = this.o.appendable.appender();
    let res: AppendResult = { total: 0, added: 0, seriesAdded: 0, appended: 0, error: null };
    let appended = 0;
    if (scrapeErr === null && body !== null) {
      res = this.appendBody(app, body, contentType, appendTime);
      if (res.error !== null) {
        scrapeErr = res.error;
        // NOTE: nothing of the body is stored, so no series counts as added (Prometheus reports
        // the series its rolled-back attempt added; that number describes nothing in storage).
        res.seriesAdded = 0;
        app.rollback();
        this.undoRefs();
        this.cache.discardAttempt();
        app = this.o.appendable.appender();
      } else {
        appended = res.appended;
      }
      // Nothing refers to the body's bytes any more (keys and labels are copies).
      this.spare = spare;
    }
    if (scrapeErr !== null) {
      // A failed scrape is an empty one: everything of the previous scrape goes stale.
      const n = this.appendStaleMarkers(app, appendTime);
      const forced = this.cache.forcedFlushes;
      this.cache.iterDone(false);
      st.cacheFlushForced += this.cache.forcedFlushes - forced;
      appended += n;
    }
    const durationMs = performance.now() - t0;
    this.target.report(appendTime, durationMs, scrapeErr);
    appended += this.report(app, appendTime, durationMs / 1000, res, scrapeErr, bodySize);
    try {
      app.commit();
      this.keepRefs();
      st.samplesAppended += appended;
    } catch (e) {
      this.undoRefs();
      this.log.error('Scrape commit failed', { err: String(e) });
    }
    this.scraped = true;
    st.samplesScraped += res.total;
    st.scrapeDurationSecondsSum += durationMs / 1000;
    if (scrapeErr !== null) {
      st.scrapeFailures++;
      this.log.debug('Scrape failed', { err: scrapeErr });
      this.o.onFailure?.(scrapeErr, this.target);
    }
  }

  private appendStaleMarkers(app: Appender, t: number): number {
    let n = 0;
    for (const s of this.cache.stale()) n += this.appendStale(app, s, t);
    this.o.stats.staleMarkersAppended += n;
    return n;
  }

  /** The sample labels: target labels added (honor_labels or exported_ on conflict), then metric relabelling. */
  private mutateSampleLabels(exposed: Labels): Labels | null {
    let out = mergeTargetLabels(exposed, this.target.publicLabels, this.cfg.honorLabels);
    if (this.cfg.metricRelabelConfigs.length > 0) {
      const r = relabel(out, this.cfg.metricRelabelConfigs);
      if (r === null) return null;
      out = r;
    }
    return out.size === 0 ? null : out;
  }

  /** Checks a new series against the name scheme and the label limits; returns the error or null. */
  private checkSeries(ls: Labels): string | null {
    const name = ls.get(METRIC_NAME);
    if (name === '') return `missing metric name (${METRIC_NAME} label)`;
    const cfg = this.cfg;
    if (cfg.legacyNames) {
      let ok = isLegacyMetricName(name);
      for (let i = 0; ok && i < ls.size; i++) if (ls.name(i) !== METRIC_NAME && !isLegacyLabelName(ls.name(i))) ok = false;
      if (!ok) return `invalid metric name or label names: ${ls.toString()}`;
    }
    const short = name.slice(0, 50);
    if (cfg.labelLimit > 0 && ls.size > cfg.labelLimit) {
      return `label_limit exceeded (metric: ${short}, number of labels: ${ls.size}, limit: ${cfg.labelLimit})`;
    }
    if (cfg.labelNameLengthLimit > 0 || cfg.labelValueLengthLimit > 0) {
      for (let i = 0; i < ls.size; i++) {
        const n = ls.name(i);
        const v = ls.value(i);
        const nl = Buffer.byteLength(n);
        if (cfg.labelNameLengthLimit > 0 && nl > cfg.labelNameLengthLimit) {
          return `label_name_length_limit exceeded (metric: ${short}, label name: ${n.slice(0, 50)}, length: ${nl}, limit: ${cfg.labelNameLengthLimit})`;
        }
        const vl = Buffer.byteLength(v);
        if (cfg.labelValueLengthLimit > 0 && vl > cfg.labelValueLengthLimit) {
          return `label_value_length_limit exceeded (metric: ${short}, label name: ${n.slice(0, 50)}, value: ${JSON.stringify(v.slice(0, 50))}, length: ${vl}, limit: ${cfg.labelValueLengthLimit})`;
        }
      }
    }
    return null;
  }

  /**
   * Parses the body and appends its samples and the staleness markers of vanished series.
   * Returns the counts and the first error; on error the caller rolls the appender back.
   */
  private appendBody(app: Appender, body: Buffer, contentType: string, defTime: number): AppendResult {
    const res: AppendResult = { total: 0, added: 0, seriesAdded: 0, appended: 0, error: null };
    if (body.length === 0) {
      // An empty body is an empty scrape, whatever its Content-Type (Prometheus does not
      // look for a parser then).
      res.appended = this.appendStaleMarkers(app, defTime);
      this.cache.iterDone(false);
      return res;
    }
    // Targets answer with the same Content-Type every time: parse it once.
    if (contentType !== this.lastContentType || this.lastChoice === null) {
      this.lastChoice = chooseMediaType(contentType, this.cfg.fallbackScrapeProtocol);
      this.lastContentType = contentType;
    }
    const choice = this.lastChoice;
    if (choice.mediaType === null) {
      res.error = choice.problem;
      return res;
    }
    if (choice.problem !== null) this.log.debug('Invalid content type on scrape, using fallback setting.', { err: choice.problem });
    const cache = this.cache;
    const cfg = this.cfg;
    const st = this.o.stats;
    const iter = cache.iter;
    const honorTs = cfg.honorTimestamps;
    const trackTs = cfg.trackTimestampsStaleness;
    const sampleLimit = cfg.sampleLimit;
    const maxT = this.o.now() + MAX_AHEAD_MS;
    let appendCount = 0;
    let appended = 0;
    let sampleLimitHit = false;
    let outOfOrder = 0;
    let duplicates = 0;
    let outOfBounds = 0;
    try {
      const p = newParser(body, choice.mediaType, { lazyChecks: choice.mediaType === this.lastMediaType });
      for (let e = p.next(); e !== Entry.EOF; e = p.next()) {
        if (e !== Entry.Series) {
          if (e === Entry.Comment || cache.knownMetaLine(p.metaKey())) continue;
          const owned = p.ownedMetaKey();
          if (e === Entry.Type) cache.setMeta(owned, p.familyName(), 'type', p.metricType);
          else if (e === Entry.Help) cache.setMeta(owned, p.familyName(), 'help', p.helpText());
          else cache.setMeta(owned, p.familyName(), 'unit', p.unitText());
          continue;
        }
        res.total++;
        const explicit = honorTs && p.hasTimestamp;
        const t = explicit ? p.timestampMs : defTime;
        let re: RawEntry | undefined = cache.lookup(p.seriesKey());
        let isNewSeries = false;
        if (re === undefined) {
          const exposed = p.labels();
          const ls = this.mutateSampleLabels(exposed);
          if (ls === null) {
            cache.add(p.ownedSeriesKey(), null, exposed);
            continue;
          }
          const problem = this.checkSeries(ls);
          if (problem !== null) {
            if (problem.includes('_limit exceeded')) st.exceededLabelLimits++;
            throw new ScrapeFailure(`line ${p.line}: ${problem}`);
          }
          let s = cache.seriesFor(ls);
          if (s === undefined) {
            s = new CachedSeries(ls);
            isNewSeries = true;
          }
          re = cache.add(p.ownedSeriesKey(), s, exposed);
        }
        const s = re.series;
        if (s === null) continue;
        if (!explicit && s.lastIter === iter) {
          const prev = s.lastRaw!;
          if (prev === re || prev.exposed.equals(re.exposed)) {
            throw new ScrapeFailure(`line ${p.line}: duplicate series ${s.labels.toString()} (already on line ${s.lastLine})`);
          }
          // Relabelling mapped two exposed series onto one label set: the store would refuse
          // the second sample for the same timestamp, so count and skip it as Prometheus does.
          duplicates++;
          res.added++;
          continue;
        }
        res.added++;
        if (sampleLimit > 0 && ++appendCount > sampleLimit) {
          sampleLimitHit = true;
          continue;
        }
        if (t > maxT) {
          outOfBounds++;
          continue;
        }
        try {
          const ref = app.append(s.ref, s.labels, t, p.value);
          if (ref !== s.ref) this.setRef(s, ref);
        } catch (err) {
          if (!(err instanceof StorageError) || err.kind === 'io') throw err;
          if (err.kind === 'duplicate_sample') duplicates++;
          else if (err.kind === 'out_of_bounds') outOfBounds++;
          else outOfOrder++;
          continue;
        }
        appended++;
        s.lastIter = iter;
        s.lastLine = p.line;
        s.lastRaw = re;
        if (!explicit || trackTs) cache.track(s);
        if (isNewSeries && !sampleLimitHit) res.seriesAdded++;
      }
    } catch (err) {
      if (err instanceof TextParseError || err instanceof ScrapeFailure) res.error = err.message;
      else res.error = err instanceof Error ? err.message : String(err);
      return res;
    }
    if (outOfOrder > 0) {
      st.sampleOutOfOrder += outOfOrder;
      this.log.warn('Error on ingesting out-of-order samples', { num_dropped: outOfOrder });
    }
    if (duplicates > 0) {
      st.sampleDuplicateTimestamp += duplicates;
      this.log.warn('Error on ingesting samples with different value but same timestamp', { num_dropped: duplicates });
    }
    if (outOfBounds > 0) {
      st.sampleOutOfBounds += outOfBounds;
      this.log.warn('Error on ingesting samples that are too old or are too far into the future', { num_dropped: outOfBounds });
    }
    if (sampleLimitHit) {
      st.exceededSampleLimit++;
      res.error = 'sample limit exceeded';
      return res;
    }
    res.appended = appended + this.appendStaleMarkers(app, defTime);
    this.cache.iterDone(true);
    this.lastMediaType = choice.mediaType;
    return res;
  }

  /** Appends the synthetic series; returns how many were appended. */
  private report(
    app: Appender,
    t: number,
    durationS: number,
    res: AppendResult,
    err: string | null,
    bodySize: number,
  ): number {
    let n = 0;
    n += this.reportSample(app, 0, t, err === null ? 1 : 0);
    n += this.reportSample(app, 1, t, durationS);
    n += this.reportSample(app, 2, t, res.total);
    n += this.reportSample(app, 3, t, res.added);
    n += this.reportSample(app, 4, t, res.seriesAdded);
    if (this.cfg.extraScrapeMetrics) {
      n += this.reportSample(app, 5, t, this.target.timeoutMs / 1000);
      n += this.reportSample(app, 6, t, this.cfg.sampleLimit);
      n += this.reportSample(app, 7, t, err === null || bodySize === -1 ? bodySize : 0);
    }
    return n;
  }

  private reportSample(app: Appender, i: number, t: number, v: number): number {
    let s = this.reportSeries[i];
    if (s === undefined) {
      s = new CachedSeries(this.target.publicLabels.with(METRIC_NAME, REPORT[i]!));
      this.reportSeries[i] = s;
    }
    try {
      this.setRef(s, app.append(s.ref, s.labels, t, v));
      return 1;
    } catch (e) {
      // Out of order or duplicate: a previous loop of this target wrote later; not an error.
      if (e instanceof StorageError && e.kind !== 'io') return 0;
      this.log.warn('Appending scrape report failed', { err: String(e) });
      return 0;
    }
  }
}

export { ScrapeCache };
