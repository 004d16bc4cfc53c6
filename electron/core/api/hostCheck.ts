/**
 * DNS-rebinding protection. A page on any web site can make the browser send requests to
 * 127.0.0.1 under its own host name; such requests carry that foreign name in the Host header.
 * While Hearth listens on loopback it answers only Host headers naming loopback itself.
 * Listening on a network address is an explicit choice to be reachable by other names, so
 * there the check is off and --web.config.file authentication is the protection.
 */

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host) || host.endsWith('.localhost');
}

/** Returns a check for Host headers, given the address the server listens on. */
export function hostChecker(listenHost: string, port: number): (hostHeader: string | undefined) => boolean {
  if (!isLoopbackHost(listenHost)) return () => true;
  return (hostHeader) => {
    if (hostHeader === undefined || hostHeader === '') return false;
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader.toLowerCase());
    if (!m) return false;
    const name = m[1]!;
    const p = m[2] === undefined ? 80 : Number(m[2]);
    return isLoopbackHost(name) && p === port;
  };
}
