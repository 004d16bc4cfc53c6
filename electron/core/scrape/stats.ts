/**
 * Counters of the scrape engine for Hearth's own /metrics, named as Prometheus names its
 * scrape metrics where it has one (prometheus_target_…), hearth_… otherwise.
 */

import { formatExpositionFloat } from '../../../shared/text/float.js';
import { escapeLabelValue } from '../../../shared/text/quote.js';

export class ScrapeStats {
  /** Scrapes attempted, and those that ended with up 0. */
  scrapes = 0;
  scrapeFailures = 0;
  /** Samples parsed from bodies (scrape_samples_scraped summed). */
  samplesScraped = 0;
  /** Samples, synthetic series and staleness markers committed to storage. */
  samplesAppended = 0;
  staleMarkersAppended = 0;
  /** Sum of scrape durations, seconds, for a rate of scrape time. */
  scrapeDurationSecondsSum = 0;
  /** How late scrapes started against their schedule: sum and maximum, ms. */
  scrapeLatenessMsSum = 0;
  scrapeLatenessMsMax = 0;
  /** Scrapes that started more than 10% of their interval late. */
  scrapesLate = 0;

  exceededSampleLimit = 0;
  exceededBodySizeLimit = 0;
  exceededLabelLimits = 0;
  exceededTargetLimit = 0;
  sampleOutOfOrder = 0;
  sampleDuplicateTimestamp = 0;
  sampleOutOfBounds = 0;
  cacheFlushForced = 0;
  targetSyncFailed = 0;
}

export interface PoolTargetCount {
  pool: string;
  targets: number;
}

/** The counters in the text exposition format, for the self-metrics registry. */
export function renderScrapeStats(s: ScrapeStats, pools: PoolTargetCount[]): string {
  const out: string[] = [];
  const counter = (name: string, help: string, v: number) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`, `${name} ${formatExpositionFloat(v)}`);
  };
  counter('hearth_scrapes_total', 'Scrapes attempted.', s.scrapes);
  counter('hearth_scrape_failures_total', 'Scrapes that failed (up 0).', s.scrapeFailures);
  counter('hearth_scrape_samples_scraped_total', 'Samples parsed from scraped bodies.', s.samplesScraped);
  counter('hearth_scrape_samples_appended_total', 'Samples, synthetic series and staleness markers committed by scrapes.', s.samplesAppended);
  counter('hearth_scrape_stale_markers_appended_total', 'Staleness markers committed by scrapes.', s.staleMarkersAppended);
  counter('hearth_scrape_duration_seconds_total', 'Time spent scraping, summed over scrapes.', s.scrapeDurationSecondsSum);
  counter('hearth_scrape_late_total', 'Scrapes that started more than 10% of their interval after their scheduled time.', s.scrapesLate);
  out.push(
    '# HELP hearth_scrape_lateness_seconds_max Largest delay of a scrape start against its schedule.',
    '# TYPE hearth_scrape_lateness_seconds_max gauge',
    `hearth_scrape_lateness_seconds_max ${formatExpositionFloat(s.scrapeLatenessMsMax / 1000)}`,
  );
  counter('prometheus_target_scrapes_exceeded_sample_limit_total', 'Total number of scrapes that hit the sample limit and were rejected.', s.exceededSampleLimit);
  counter('prometheus_target_scrapes_exceeded_body_size_limit_total', 'Total number of scrapes that hit the body size limit', s.exceededBodySizeLimit);
  counter('prometheus_target_scrape_pool_exceeded_label_limits_total', 'Total number of times scrape pools hit the label limits, during sync or config reload.', s.exceededLabelLimits);
  counter('prometheus_target_scrape_pool_exceeded_target_limit_total', 'Total number of times scrape pools hit the target limit, during sync or config reload.', s.exceededTargetLimit);
  counter('prometheus_target_scrapes_sample_out_of_order_total', 'Total number of samples rejected due to not being out of the expected order.', s.sampleOutOfOrder);
  counter('prometheus_target_scrapes_sample_duplicate_timestamp_total', 'Total number of samples rejected due to duplicate timestamps but different values.', s.sampleDuplicateTimestamp);
  counter('prometheus_target_scrapes_sample_out_of_bounds_total', 'Total number of samples rejected due to timestamp falling outside of the time bounds.', s.sampleOutOfBounds);
  counter('prometheus_target_scrapes_cache_flush_forced_total', 'How many times a scrape cache was flushed due to getting big while scrapes are failing.', s.cacheFlushForced);
  counter('prometheus_target_sync_failed_total', 'Total number of target sync failures.', s.targetSyncFailed);
  out.push(
    '# HELP prometheus_target_scrape_pools_total Total number of scrape pool creation attempts.',
    '# TYPE prometheus_target_scrape_pools_total gauge',
    `prometheus_target_scrape_pools_total ${pools.length}`,
    '# HELP prometheus_target_scrape_pool_targets Current number of targets in this scrape pool.',
    '# TYPE prometheus_target_scrape_pool_targets gauge',
  );
  for (const p of pools) out.push(`prometheus_target_scrape_pool_targets{scrape_job="${escapeLabelValue(p.pool)}"} ${p.targets}`);
  return out.join('\n') + '\n';
}
