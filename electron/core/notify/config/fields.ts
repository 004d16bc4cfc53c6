/** Field decoders shared by the sections of alertmanager.yml: Alertmanager's URL, host:port and secret types. */

import { SemanticError, type Decoder, type Node } from '../../config/yamlDecoder.js';
import { duration, parseGoURL } from '../../config/discoveryConfig.js';
import { finishHTTPClient, httpClientFields, joinDir, startHTTPClient } from '../../config/httpClient.js';
import type { HTTPClientConfig } from '../../config/types.js';
import { goQuote } from '../../../../shared/text/quote.js';
import { Secret } from './secret.js';
import { parseTemplate } from '../../template/index.js';
import type { Position } from './types.js';

export const PLAIN = 'config.plain';

export function posOf(d: Decoder, n: Node): Position | null {
  return d.pos(n) ?? null;
}

/** A semantic error at a remembered position (checks that run after decoding). */
export function failAt(pos: Position | null, msg: string): never {
  throw new SemanticError(msg, pos ?? undefined);
}

/** Alertmanager's URL: http or https with a host. */
export function urlField(d: Decoder, v: Node): string | undefined {
  const s = d.str(v);
  if (s === undefined) return undefined;
  const u = parseGoURL(s);
  if (!u) d.fail(v, `parse ${goQuote(s)}: invalid URL`);
  if (u.scheme !== 'http' && u.scheme !== 'https') d.fail(v, `unsupported scheme ${goQuote(u.scheme)} for URL`);
  if (u.host === '') d.fail(v, 'missing host for URL');
  return s;
}

/** SecretURL: a URL that never prints; `<secret>` (a config read back from the API) is let through. */
export function secretUrlField(d: Decoder, v: Node): Secret | null {
  const s = d.str(v);
  if (s === undefined) return null;
  if (s === '<secret>') return new Secret(s);
  const u = parseGoURL(s);
  // The URL itself is the secret: errors must not print it.
  if (!u || (u.scheme !== 'http' && u.scheme !== 'https')) d.fail(v, `unsupported scheme ${goQuote(u?.scheme ?? '')} for URL`);
  if (u.host === '') d.fail(v, 'missing host for URL');
  return new Secret(s);
}

/**
 * SecretTemplateURL (the webhook's url): a URL that may hold Go template actions, filled in
 * per notification; a templated one is checked as a template, any other as a URL.
 */
export function secretTemplateUrlField(d: Decoder, v: Node): Secret | null {
  const s = d.str(v);
  if (s === undefined) return null;
  if (s === '' || s === '<secret>') return new Secret(s);
  if (s.includes('{{')) {
    try {
      parseTemplate('', s);
    } catch (e) {
      d.fail(v, `invalid template syntax: ${(e as Error).message}`);
    }
    return new Secret(s);
  }
  const u = parseGoURL(s);
  if (!u || (u.scheme !== 'http' && u.scheme !== 'https')) d.fail(v, `invalid URL: unsupported scheme ${goQuote(u?.scheme ?? '')} for URL`);
  if (u.host === '') d.fail(v, 'invalid URL: missing host for URL');
  return new Secret(s);
}

export function secretField(d: Decoder, v: Node): Secret {
  return new Secret(d.str(v) ?? '');
}

export function fileField(d: Decoder, v: Node, dir: string): string {
  return joinDir(dir, d.str(v) ?? '');
}

/** HostPort: `host:port` with a port (Go's net.SplitHostPort), or empty. */
export function hostPortField(d: Decoder, v: Node): string {
  const s = d.str(v) ?? '';
  if (s === '') return '';
  const m = /^(?:\[([^\]]*)\]|([^:[\]]*)):([^:[\]]*)$/.exec(s);
  if (!m) {
    const i = s.lastIndexOf(':');
    if (i < 0) d.fail(v, `address ${s}: missing port in address`);
    d.fail(v, `address ${s}: too many colons in address`);
  }
  if (m[3] === '') d.fail(v, `address ${goQuote(s)}: port cannot be empty`);
  return s;
}

/** model.Duration: read as a string first, so a wrong type is "cannot unmarshal … into string" as in Alertmanager. */
export function durationField(d: Decoder, v: Node): number | undefined {
  if (d.str(v) === undefined) return undefined;
  return duration(d, v);
}

/** An http_config block: prometheus/common's HTTPClientConfig, validated as it validates it. */
export function httpConfigField(d: Decoder, v: Node, dir: string): HTTPClientConfig | undefined {
  if (d.isNull(v)) return undefined;
  const st = startHTTPClient(v);
  d.fields(v, PLAIN, {
    ...httpClientFields(d, dir, st),
    // Alertmanager takes proxy_url through Go's lenient url.Parse ("foo" is a relative URL).
    proxy_url: (x) => (st.cfg.proxyURL = d.str(x) ?? ''),
  });
  return hideHttpSecrets(finishHTTPClient(d, st));
}

const SECRET_TOKEN = '<secret>';
const mask = (v: string): string => (v === '' ? '' : SECRET_TOKEN);

/**
 * prometheus/common keeps passwords, bearer credentials and OAuth2 client secrets as plain
 * strings in HTTPClientConfig; here they are hidden from JSON (the status API) and from logs
 * the way Secret is, while the sender still reads the fields.
 */
export function hideHttpSecrets(c: HTTPClientConfig): HTTPClientConfig {
  const shown = (): unknown => ({
    ...c,
    basicAuth: c.basicAuth && { ...c.basicAuth, password: mask(c.basicAuth.password) },
    authorization: c.authorization && { ...c.authorization, credentials: mask(c.authorization.credentials) },
    oauth2: c.oauth2 && { ...c.oauth2, clientSecret: mask(c.oauth2.clientSecret) },
  });
  Object.defineProperty(c, 'toJSON', { value: shown, enumerable: false });
  Object.defineProperty(c, Symbol.for('nodejs.util.inspect.custom'), { value: shown, enumerable: false });
  return c;
}

export function stringMap(d: Decoder, v: Node): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of d.strMap(v) ?? []) out[k] = val;
  return out;
}
