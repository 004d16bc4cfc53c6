/**
 * DNS-rebinding protection. A page on any web site can make the browser send requests to
 * Hearth's address under its own host name; such requests carry that foreign name in the
 * Host header. Hearth answers only Host headers naming an address it is reachable at, on its
 * port:
 * - listening on loopback: loopback names;
 * - listening on one network address (or host name): that address, and this machine's name;
 * - listening on every interface (0.0.0.0, ::): loopback names, this machine's name and the
 *   addresses of its interfaces (re-read when an unknown address comes, as they change with
 *   the network).
 * A name a web site controls is never among them. Hearth has no --web.external-url, so a
 * proxy in front of it must pass one of these names on (nginx's default, the upstream
 * address, does).
 *
 * The request line gets the same scrutiny: a request target in absolute form
 * (`GET http://evil/ HTTP/1.1`) names the host the request is for, overriding Host, so its
 * authority must be allowed too; and a request with two Host headers is ambiguous (Node
 * keeps the first, a proxy in front may have looked at the other).
 */

import type { IncomingMessage } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
const WILDCARD = new Set(['0.0.0.0', '::', '[::]', '']);
/** Interface addresses are re-read on an unknown Host at most this often. */
const INTERFACES_REFRESH_MS = 1000;

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host) || host.endsWith('.localhost');
}

export interface HostCheckOptions {
  /** Whether the server speaks HTTPS: a Host without a port then means 443, not 80. */
  readonly tls?: boolean;
  /** This machine's name (os.hostname()); tests pass their own. */
  readonly hostname?: string;
  /** The addresses of this machine's interfaces (os.networkInterfaces()); tests pass their own. */
  readonly interfaceAddresses?: () => readonly string[];
}

/** Returns a check for Host headers (and absolute-form authorities), given the address the server listens on. */
export function hostChecker(listenHost: string, port: number, opts: HostCheckOptions = {}): (hostHeader: string | undefined) => boolean {
  const defaultPort = opts.tls ? 443 : 80;
  const listen = bracketed(listenHost.toLowerCase());
  const names = new Set<string>();
  let isAllowedName: (name: string) => boolean;
  if (isLoopbackHost(listen)) {
    isAllowedName = isLoopbackHost;
  } else {
    const machine = (opts.hostname ?? hostname()).toLowerCase();
    if (machine !== '') names.add(machine);
    if (WILDCARD.has(listenHost)) {
      const readInterfaces = opts.interfaceAddresses ?? localInterfaceAddresses;
      let interfaces = new Set<string>();
      let readAt = -Infinity;
      const refresh = () => {
        interfaces = new Set(readInterfaces().map((a) => bracketed(a.toLowerCase())));
        readAt = Date.now();
      };
      refresh();
      isAllowedName = (name) => {
        if (isLoopbackHost(name) || names.has(name) || interfaces.has(name)) return true;
        if (Date.now() - readAt < INTERFACES_REFRESH_MS) return false;
        refresh();
        return interfaces.has(name);
      };
    } else {
      names.add(listen);
      isAllowedName = (name) => names.has(name);
    }
  }
  return (hostHeader) => {
    if (hostHeader === undefined || hostHeader === '') return false;
    const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(hostHeader.toLowerCase());
    if (!m) return false;
    const p = m[2] === undefined ? defaultPort : Number(m[2]);
    return p === port && isAllowedName(m[1]!);
  };
}

/** IPv6 addresses as they appear in Host headers: in brackets. */
function bracketed(addr: string): string {
  return addr.includes(':') && !addr.startsWith('[') ? `[${addr}]` : addr;
}

function localInterfaceAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    // A link-local IPv6 address needs a zone (%eth0), which no Host header carries usably.
    for (const a of list ?? []) if (!a.address.includes('%')) out.push(a.address);
  }
  return out;
}

export interface HostRefusal {
  readonly status: 400 | 421;
  readonly message: string;
}

/**
 * Checks the host a request is for: one Host header, an absolute-form target's authority
 * (400 when either is wrong), then the Host header itself (421, Misdirected Request, as
 * for a name this server does not answer for). Null when the request may proceed.
 */
export function checkRequestHost(req: IncomingMessage, allowed: (host: string | undefined) => boolean): HostRefusal | null {
  let hosts = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'host') hosts++;
  if (hosts > 1) return { status: 400, message: 'Bad Request: more than one Host header' };
  const target = req.url ?? '/';
  if (!target.startsWith('/') && !(target === '*' && req.method === 'OPTIONS')) {
    let u: URL | null = null;
    try {
      u = new URL(target);
    } catch {
      u = null;
    }
    if (u === null || (u.protocol !== 'http:' && u.protocol !== 'https:')) return { status: 400, message: 'Bad Request: malformed request target' };
    const authority = `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
    if (!allowed(authority)) return { status: 400, message: `Bad Request: the request target names host ${JSON.stringify(u.host)}, not this server` };
  }
  if (!allowed(req.headers.host)) {
    return { status: 421, message: `Hearth refuses requests for host ${JSON.stringify(req.headers.host ?? '')}: use the address it listens on.` };
  }
  return null;
}
