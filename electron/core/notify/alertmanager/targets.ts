/**
 * Alertmanagers from discovered target groups, as Prometheus's notifier AlertmanagerFromGroup:
 * each target's labels, then `__scheme__` (the config's scheme) and `__alerts_path__`
 * (path_prefix joined with /api/v2/alerts), then the group's labels for names the target
 * does not have; the config's relabel_configs decide which are kept and may rewrite all
 * three. The URL posted to is `__scheme__://__address____alerts_path__`.
 */

import path from 'node:path';
import { LabelsBuilder, type Labels } from '../../model/labels.js';
import type { AlertmanagerConfig } from '../../config/types.js';
import { relabel } from '../../scrape/relabel.js';
import type { TargetGroup } from '../../scrape/discovery/index.js';
import { goQuote } from '../../../../shared/text/quote.js';

export const ADDRESS_LABEL = '__address__';
export const SCHEME_LABEL = '__scheme__';
export const ALERTS_PATH_LABEL = '__alerts_path__';

/** One Alertmanager: its labels (after relabelling, or before it for a dropped one) and URL. */
export interface AlertmanagerTarget {
  readonly labels: Labels;
  readonly url: string;
}

/** `/<path_prefix>/api/v2/alerts`, cleaned as Go's path.Join cleans it. */
export function postPath(pathPrefix: string, apiVersion: string): string {
  return path.posix.join('/', pathPrefix, `/api/${apiVersion}/alerts`);
}

/** The URL Prometheus's alertmanagerLabels.url() prints for these labels. */
export function alertmanagerURL(labels: Labels): string {
  const p = escapePath(labels.get(ALERTS_PATH_LABEL));
  const host = escapeHost(labels.get(ADDRESS_LABEL));
  const scheme = labels.get(SCHEME_LABEL);
  // Go's URL.String puts a slash between a host and a relative path.
  const sep = p !== '' && !p.startsWith('/') && host !== '' ? '/' : '';
  return (scheme !== '' ? scheme + ':' : '') + (scheme !== '' || host !== '' ? '//' : '') + host + sep + p;
}

/**
 * The active and dropped Alertmanagers of one group. Throws an Error when a kept target's
 * address is not a host[:port] (as Prometheus, the whole group is then skipped).
 */
export function alertmanagersFromGroup(tg: TargetGroup, cfg: AlertmanagerConfig): { active: AlertmanagerTarget[]; dropped: AlertmanagerTarget[] } {
  const active: AlertmanagerTarget[] = [];
  const dropped: AlertmanagerTarget[] = [];
  const alertsPath = postPath(cfg.pathPrefix, cfg.apiVersion);
  const b = new LabelsBuilder();
  for (const target of tg.targets) {
    b.reset(target);
    b.set(SCHEME_LABEL, cfg.scheme);
    b.set(ALERTS_PATH_LABEL, alertsPath);
    tg.labels.forEach((name, value) => {
      if (!target.has(name)) b.set(name, value);
    });
    const pre = b.labels();
    const post = relabel(pre, cfg.relabelConfigs);
    if (post === null) {
      dropped.push({ labels: pre, url: alertmanagerURL(pre) });
      continue;
    }
    const addr = post.get(ADDRESS_LABEL);
    if (addr.includes('/')) throw new Error(`${goQuote(addr)} is not a valid hostname`);
    active.push({ labels: post, url: alertmanagerURL(post) });
  }
  return { active, dropped };
}

const HEX = '0123456789ABCDEF';

function percent(byte: number): string {
  return '%' + HEX[byte >> 4] + HEX[byte & 15];
}

function isUnreserved(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f || c === 0x2e || c === 0x7e;
}

// Go's shouldEscape: what a path keeps besides unreserved bytes, and what a host keeps.
const PATH_KEEP = new Set([...'$&+,/:;=@'].map((c) => c.charCodeAt(0)));
const HOST_KEEP = new Set([...'!$&\'()*+,;=:[]<>"'].map((c) => c.charCodeAt(0)));

function escapePath(p: string): string {
  if (/^[A-Za-z0-9\-_.~$&+,/:;=@]*$/.test(p)) return p;
  let out = '';
  for (const byte of Buffer.from(p, 'utf8')) out += isUnreserved(byte) || PATH_KEEP.has(byte) ? String.fromCharCode(byte) : percent(byte);
  return out;
}

function escapeHost(h: string): string {
  if (/^[A-Za-z0-9\-_.~:[\]]*$/.test(h)) return h;
  const bytes = Buffer.from(h, 'utf8');
  let out = '';
  let i = 0;
  // Go leaves a host's UTF-8 as it is and escapes the ASCII it does not allow.
  while (i < bytes.length) {
    const byte = bytes[i]!;
    if (byte >= 0x80) {
      let j = i + 1;
      while (j < bytes.length && bytes[j]! >= 0x80) j++;
      out += bytes.subarray(i, j).toString('utf8');
      i = j;
      continue;
    }
    out += isUnreserved(byte) || HOST_KEEP.has(byte) ? String.fromCharCode(byte) : percent(byte);
    i++;
  }
  return out;
}

