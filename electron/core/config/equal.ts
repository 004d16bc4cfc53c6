/**
 * Structural identity of configs, for reloads: two configs that would behave the same hash
 * the same (the file name and the raw text are ignored; regexes compare by source, label
 * sets by content).
 */

import { createHash } from 'node:crypto';
import { Labels } from '../model/labels.js';
import type { Config, ScrapeConfig } from './types.js';

function canonical(v: unknown): unknown {
  if (v instanceof Labels) return { $labels: v.key };
  if (v instanceof RegExp) return { $re: v.source, flags: v.flags };
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o).sort()) {
      if (o[k] === undefined) continue;
      out[k] = canonical(o[k]);
    }
    return out;
  }
  return v;
}

function digest(v: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical(v))).digest('hex');
}

/** A hex digest of everything in the config that affects behaviour. */
export function configHash(c: Config): string {
  const { source: _source, filename: _filename, ...rest } = c;
  return digest(rest);
}

export function configEqual(a: Config, b: Config): boolean {
  return a === b || configHash(a) === configHash(b);
}

/** A hex digest of one scrape config, so a reload can keep the jobs that did not change. */
export function scrapeConfigHash(sc: ScrapeConfig): string {
  return digest(sc);
}
