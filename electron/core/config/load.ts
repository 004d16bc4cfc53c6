/**
 * loadConfigFile: reads prometheus.yml from disk, parses it and merges the scrape configs of
 * its scrape_config_files, as Prometheus's LoadFile plus GetScrapeConfigs do.
 */

import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config, ScrapeConfig } from './types.js';
import { ConfigError } from './errors.js';
import { globSync } from './glob.js';
import { parseConfig, toConfigError, TypeErrors, type ParseOptions } from './parse.js';
import { decodeScrapeConfig, finishScrapeConfig, type DecodedScrapeConfig } from './scrapeConfig.js';
import { goQuote } from '../../../shared/text/quote.js';
import { Decoder, SemanticError, type Node } from './yamlDecoder.js';

/** Reads and parses a config file; a missing or unreadable file is a ConfigError naming it. */
export async function loadConfigFile(file: string, opts: ParseOptions = {}): Promise<Config> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [ioMessage(e, file)], undefined, undefined, ioMessage(e, file));
  }
  const cfg = parseConfig(text, file, opts);
  cfg.scrapeConfigs = await loadScrapeConfigFiles(cfg, opts);
  return cfg;
}

/** Go's wording for a file that cannot be opened: `open FILE: no such file or directory`. */
export function ioMessage(e: unknown, file: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
  return code === 'EISDIR' ? `read ${file}: ${why}` : `open ${file}: ${why}`;
}

/**
 * The main file's scrape configs followed by those of every file matched by
 * scrape_config_files (in pattern order, files sorted), each validated against the main
 * file's global section; job names must be unique across all of them.
 */
export async function loadScrapeConfigFiles(cfg: Config, opts: ParseOptions = {}): Promise<ScrapeConfig[]> {
  const out = [...cfg.scrapeConfigs];
  const jobs = new Map<string, string>();
  for (const sc of cfg.scrapeConfigs) jobs.set(sc.jobName, 'main config file');
  for (const pattern of cfg.scrapeConfigFiles) {
    for (const file of globSync(pattern)) {
      const abs = path.resolve(file);
      const prefix = `${goQuote(abs)}: `;
      let text: string;
      try {
        text = await fs.readFile(file, 'utf8');
      } catch (e) {
        throw new ConfigError(file, [prefix + ioMessage(e, file)]);
      }
      try {
        const d = new Decoder(text);
        const decoded: Array<DecodedScrapeConfig | null> = [];
        const nodes: Node[] = [];
        d.fields(d.root, 'config.ScrapeConfigs', {
          scrape_configs: (v) => {
            for (const it of d.seq(v, '[]*config.ScrapeConfig') ?? []) {
              nodes.push(it);
              if (d.isNull(it)) decoded.push(null);
              else {
                const s = decodeScrapeConfig(d, it, { dir: path.dirname(file), onUnsupported: opts.allowUnsupportedSD ? () => {} : undefined });
                if (s) decoded.push(s);
              }
            }
          },
        });
        if (d.typeErrors.length > 0) throw new TypeErrors(d.typeErrors);
        for (let i = 0; i < decoded.length; i++) {
          const s = decoded[i];
          if (!s) throw new SemanticError('empty or null scrape config section', d.pos(nodes[i]));
          const sc = finishScrapeConfig(d, s, cfg.global);
          const first = jobs.get(sc.jobName);
          if (first !== undefined) {
            d.fail(s.node, `found multiple scrape configs with job name ${goQuote(sc.jobName)}, first found in ${first}`);
          }
          jobs.set(sc.jobName, goQuote(abs));
          out.push(sc);
        }
      } catch (e) {
        throw toConfigError(e, file, prefix);
      }
    }
  }
  return out;
}
