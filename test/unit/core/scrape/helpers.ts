import { parseConfig } from '../../../../electron/core/config/parse.js';
import type { ScrapeConfig } from '../../../../electron/core/config/types.js';
import { Labels } from '../../../../electron/core/model/labels.js';
import { Matcher } from '../../../../electron/core/model/matcher.js';
import { ScrapeCache } from '../../../../electron/core/scrape/cache.js';
import { ScrapeLoop } from '../../../../electron/core/scrape/loop.js';
import { loopConfig } from '../../../../electron/core/scrape/pool.js';
import type { FetchFn, ScrapeRequest } from '../../../../electron/core/scrape/scraper.js';
import { ScrapeStats } from '../../../../electron/core/scrape/stats.js';
import { targetsFromGroup } from '../../../../electron/core/scrape/target.js';
import type { Storage } from '../../../../electron/core/storage/interface.js';
import { MemoryStorage } from '../../../../electron/core/storage/memory.js';

export function scrapeConfig(jobYaml: string, global = 'scrape_interval: 15s'): ScrapeConfig {
  return parseConfig(`global: {${global}}\nscrape_configs:\n${jobYaml}`, 'test.yml').scrapeConfigs[0]!;
}

/** Every series in the store as `labels → [t, v | 'stale']…`. */
export function dumpStore(store: Storage): Map<string, Array<[number, number | 'stale']>> {
  const q = store.querier(-Infinity, Infinity);
  const out = new Map<string, Array<[number, number | 'stale']>>();
  for (const s of q.select(true, null, new Matcher('=~', '__name__', '.+'))) {
    const a = s.samples;
    const rows: Array<[number, number | 'stale']> = [];
    for (let i = 0; i < a.length; i++) rows.push([a.t[i]!, a.stale && a.stale[i] ? 'stale' : a.v[i]!]);
    out.set(s.labels.toString(), rows);
  }
  q.close();
  return out;
}

export interface LoopHarness {
  loop: ScrapeLoop;
  store: MemoryStorage;
  stats: ScrapeStats;
  requests: ScrapeRequest[];
  /** Sets what the next scrapes return: a body (and Content-Type), or an error message. */
  serve(body: string | Buffer, contentType?: string): void;
  fail(message: string): void;
  scrape(t: number): Promise<void>;
  series(): Map<string, Array<[number, number | 'stale']>>;
  /** Samples of one series by its printed labels. */
  get(labels: string): Array<[number, number | 'stale']> | undefined;
}

/** A loop for one target `t:1` of the job, scraping a fake transport into a MemoryStorage. */
export function loopHarness(jobYaml: string, targetLabels: Record<string, string> = {}): LoopHarness {
  const cfg = scrapeConfig(jobYaml);
  const r = targetsFromGroup({ source: '0', targets: [Labels.fromObject({ __address__: 't:1', ...targetLabels })], labels: Labels.EMPTY }, cfg);
  if (r.active.length !== 1) throw new Error(`expected one target, got ${JSON.stringify(r)}`);
  const store = new MemoryStorage();
  const stats = new ScrapeStats();
  const requests: ScrapeRequest[] = [];
  let body: Buffer = Buffer.from('');
  let contentType = 'text/plain; version=0.0.4; charset=utf-8';
  let error: string | null = null;
  let clock = 0;
  const fetch: FetchFn = async (req) => {
    requests.push(req);
    if (error !== null) throw new Error(error);
    return { body, contentType };
  };
  const loop = new ScrapeLoop({
    target: r.active[0]!,
    fetch,
    appendable: store,
    cache: new ScrapeCache(),
    config: loopConfig(cfg),
    stats,
    now: () => clock,
    offsetSeed: '',
    userAgent: 'test',
  });
  const h: LoopHarness = {
    loop,
    store,
    stats,
    requests,
    serve(b, ct) {
      body = typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
      if (ct !== undefined) contentType = ct;
      error = null;
    },
    fail(message) {
      error = message;
    },
    async scrape(t) {
      clock = t;
      await loop.scrapeAndReport(t);
    },
    series: () => dumpStore(store),
    get: (labels) => dumpStore(store).get(labels),
  };
  return h;
}
