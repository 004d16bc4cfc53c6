/**
 * The file_sd file format: a list of target groups (`targets` + `labels`) in JSON or YAML,
 * read as Prometheus's discovery/file does (strict YAML, label names checked).
 */

import path from 'node:path';
import { Labels } from '../../model/labels.js';
import type { StaticConfig } from '../../config/types.js';
import { decodeStaticConfig } from '../../config/discoveryConfig.js';
import { toConfigError, TypeErrors } from '../../config/parse.js';
import { goQuote } from '../../../../shared/text/quote.js';
import { Decoder } from '../../config/yamlDecoder.js';

/** Parses a file_sd file's content; the extension of `filename` picks JSON or YAML. Throws Error. */
export function parseTargetGroupFile(content: string, filename: string): StaticConfig[] {
  const ext = path.extname(filename).toLowerCase();
  if (ext === '.json') return parseJSON(content);
  if (ext === '.yml' || ext === '.yaml') return parseYAML(content);
  throw new Error(`invalid file extension: ${goQuote(path.extname(filename))}`);
}

function parseJSON(content: string): StaticConfig[] {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (e) {
    throw new Error((e as Error).message);
  }
  if (data === null) return [];
  if (!Array.isArray(data)) throw new Error(`json: cannot unmarshal ${jsonKind(data)} into Go value of type []*targetgroup.Group`);
  return data.map((g, i) => {
    if (g === null) throw new Error(`nil target group item found (index ${i})`);
    if (typeof g !== 'object' || Array.isArray(g)) throw new Error(`json: cannot unmarshal ${jsonKind(g)} into Go value of type targetgroup.Group`);
    const o = g as Record<string, unknown>;
    const targets = o['targets'] ?? [];
    if (!Array.isArray(targets) || targets.some((t) => typeof t !== 'string')) {
      throw new Error('json: cannot unmarshal targets into Go struct field of type []string');
    }
    const rawLabels = o['labels'] ?? {};
    if (typeof rawLabels !== 'object' || rawLabels === null || Array.isArray(rawLabels)) {
      throw new Error('json: cannot unmarshal labels into Go value of type model.LabelSet');
    }
    const pairs: Array<[string, string]> = [];
    for (const [k, v] of Object.entries(rawLabels as Record<string, unknown>)) {
      if (k === '') throw new Error(`${goQuote(k)} is not a valid label name`);
      if (typeof v !== 'string') throw new Error(`json: cannot unmarshal ${jsonKind(v)} into Go value of type model.LabelValue`);
      pairs.push([k, v]);
    }
    return { targets: targets as string[], labels: Labels.fromPairs(pairs) };
  });
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'object' : typeof v;
}

function parseYAML(content: string): StaticConfig[] {
  try {
    const d = new Decoder(content);
    const out: StaticConfig[] = [];
    const items = d.seq(d.root, '[]*targetgroup.Group') ?? [];
    for (let i = 0; i < items.length; i++) {
      if (d.isNull(items[i])) throw new Error(`nil target group item found (index ${i})`);
      const g = decodeStaticConfig(d, items[i]);
      if (g) out.push(g);
    }
    if (d.typeErrors.length > 0) throw new TypeErrors(d.typeErrors);
    return out;
  } catch (e) {
    if (e instanceof Error && e.constructor === Error) throw e;
    throw new Error(toConfigError(e, '').message);
  }
}
