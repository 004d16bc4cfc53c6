/**
 * Content negotiation as Prometheus 3 does it: the Accept header built from
 * `scrape_protocols` (most preferred first, q weights counting down), and the choice of
 * parser from the response's Content-Type, where a missing, unparsable or unknown type
 * fails the scrape unless `fallback_scrape_protocol` is set.
 */

import type { NameEscapingScheme, ScrapeProtocol } from '../../config/types.js';

export type TextMediaType = 'text/plain' | 'application/openmetrics-text';

const PROTOCOL_HEADERS: Record<ScrapeProtocol, string> = {
  PrometheusProto: 'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited',
  'PrometheusText0.0.4': 'text/plain;version=0.0.4',
  'PrometheusText1.0.0': 'text/plain;version=1.0.0',
  'OpenMetricsText0.0.1': 'application/openmetrics-text;version=0.0.1',
  'OpenMetricsText1.0.0': 'application/openmetrics-text;version=1.0.0',
};

/** The media type (no parameters) a protocol stands for, e.g. for fallback_scrape_protocol. */
export function protocolMediaType(p: ScrapeProtocol): string {
  return PROTOCOL_HEADERS[p].split(';')[0]!;
}

/**
 * The Accept header for the given preference list. Hearth has no protobuf parser, so
 * PrometheusProto is left out (its weight slot stays used, so the remaining entries carry
 * the q values Prometheus would send).
 */
export function acceptHeader(protocols: readonly ScrapeProtocol[], escaping: NameEscapingScheme): string {
  const vals: string[] = [];
  let weight = Object.keys(PROTOCOL_HEADERS).length + 1;
  for (const p of protocols) {
    let val = PROTOCOL_HEADERS[p];
    if (p === 'PrometheusText1.0.0' || p === 'OpenMetricsText1.0.0') val += `;escaping=${escaping}`;
    if (p !== 'PrometheusProto') vals.push(`${val};q=0.${weight}`);
    weight--;
  }
  vals.push(`*/*;q=0.${weight}`);
  return vals.join(',');
}

export interface MediaTypeChoice {
  /** The parser to use, or null when the scrape must fail. */
  mediaType: TextMediaType | null;
  /** Why the fallback was used, or why the scrape fails; null when the header was fine. */
  problem: string | null;
}

const TSPECIAL = new Set('()<>@,;:\\"/[]?='.split(''));

function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c <= 0x20 || c >= 0x7f || TSPECIAL.has(ch)) return false;
  }
  return true;
}

/**
 * Go's mime.ParseMediaType, reduced to what matters here: the lower-cased `type/subtype`,
 * or an error in Go's words when the header is malformed.
 */
export function parseMediaType(v: string): { mediaType: string } | { error: string } {
  const semi = v.indexOf(';');
  const base = (semi < 0 ? v : v.slice(0, semi)).trim().toLowerCase();
  const slash = base.indexOf('/');
  if (base === '') return { error: 'mime: no media type' };
  if (slash < 0 || !isToken(base.slice(0, slash))) return { error: 'mime: expected slash after first token' };
  if (!isToken(base.slice(slash + 1))) return { error: 'mime: expected token after slash' };
  if (semi >= 0) {
    for (const part of v.slice(semi + 1).split(';')) {
      const t = part.trim();
      if (t === '') continue;
      const eq = t.indexOf('=');
      if (eq <= 0 || !isToken(t.slice(0, eq).trim())) return { error: 'mime: invalid media parameter' };
      const val = t.slice(eq + 1).trim();
      if (!(isToken(val) || (val.length >= 2 && val.startsWith('"') && val.endsWith('"')))) {
        return { error: 'mime: invalid media parameter' };
      }
    }
  }
  return { mediaType: base };
}

/** Chooses the parser for a response, as Prometheus's textparse.New / extractMediaType. */
export function chooseMediaType(contentType: string, fallback: ScrapeProtocol | undefined): MediaTypeChoice {
  const fb = fallback === undefined ? '' : protocolMediaType(fallback);
  const fbText = fb === 'text/plain' || fb === 'application/openmetrics-text' ? (fb as TextMediaType) : null;
  if (contentType === '') {
    if (fb === '') {
      return {
        mediaType: null,
        problem: 'non-compliant scrape target sending blank Content-Type and no fallback_scrape_protocol specified for target',
      };
    }
    return {
      mediaType: fbText,
      problem: `non-compliant scrape target sending blank Content-Type, using fallback_scrape_protocol "${fb}"`,
    };
  }
  const parsed = parseMediaType(contentType);
  if ('error' in parsed) {
    if (fb === '') {
      return {
        mediaType: null,
        problem: `cannot parse Content-Type ${JSON.stringify(contentType)} and no fallback_scrape_protocol for target: ${parsed.error}`,
      };
    }
    return {
      mediaType: fbText,
      problem: `could not parse received Content-Type ${JSON.stringify(contentType)}, using fallback_scrape_protocol "${fb}": ${parsed.error}`,
    };
  }
  switch (parsed.mediaType) {
    case 'text/plain':
    case 'application/openmetrics-text':
      return { mediaType: parsed.mediaType, problem: null };
    case 'application/vnd.google.protobuf':
      return {
        mediaType: null,
        problem: `received protobuf Content-Type ${JSON.stringify(contentType)}, which Hearth cannot parse`,
      };
  }
  if (fb === '') {
    return {
      mediaType: null,
      problem: `received unsupported Content-Type ${JSON.stringify(contentType)} and no fallback_scrape_protocol specified for target`,
    };
  }
  return {
    mediaType: fbText,
    problem: `received unsupported Content-Type ${JSON.stringify(contentType)}, using fallback_scrape_protocol "${fb}"`,
  };
}
