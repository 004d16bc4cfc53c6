/**
 * The bytes of a GET request head, built once per URL and header set and then written as
 * they are on every scrape of the target.
 */

import net from 'node:net';
import { isToken } from './head.js';
import type { Origin } from './pool.js';

/** Bytes Node's http client refuses in a header value: controls other than tab, and non-latin1. */
const BAD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * `GET <path?query> HTTP/1.1`, Host (with the port when not the scheme's default, an IPv6
 * address in brackets), then the header sets in order, a later name replacing an earlier one
 * regardless of case. A Host among the headers replaces the URL's. Throws an Error naming
 * the offending header.
 */
export function requestHead(u: URL, ...sets: Array<Record<string, string>>): Buffer {
  const merged = new Map<string, [string, string]>();
  for (const set of sets) {
    for (const name of Object.keys(set)) {
      const value = set[name]!;
      if (!isToken(name)) throw new Error(`net/http: invalid header field name ${JSON.stringify(name)}`);
      if (BAD_VALUE.test(value)) throw new Error(`net/http: invalid header field value for ${JSON.stringify(name)}`);
      merged.set(name.toLowerCase(), [name, value]);
    }
  }
  let s = `GET ${u.pathname || '/'}${u.search} HTTP/1.1\r\n`;
  const host = merged.get('host');
  s += host === undefined ? `Host: ${u.host}\r\n` : `${host[0]}: ${host[1]}\r\n`;
  for (const [lower, [name, value]] of merged) if (lower !== 'host') s += `${name}: ${value}\r\n`;
  return Buffer.from(s + '\r\n', 'latin1');
}

/** Where `u` connects: scheme, host and port, the TLS server name. */
export function originOf(u: URL, serverName: string): Origin {
  const tls = u.protocol === 'https:';
  const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  const port = u.port !== '' ? Number(u.port) : tls ? 443 : 80;
  // No SNI for an IP address (as Node's https client), unless server_name says otherwise.
  const servername = serverName !== '' ? serverName : net.isIP(host) ? undefined : host;
  return { key: `${u.protocol}//${u.hostname}:${port}`, tls, host, port, servername };
}
