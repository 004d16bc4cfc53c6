/**
 * prometheus/common's HTTPClientConfig as it appears inlined in scrape configs, http_sd,
 * alertmanagers and remote write/read: decoding, defaults and its Validate rules.
 */

import path from 'node:path';
import type { Authorization, BasicAuth, HTTPClientConfig, HTTPHeader, OAuth2Config, TLSConfig, TLSVersion } from './types.js';
import { goQuote } from '../../../shared/text/quote.js';
import { Decoder, type FieldHandler, type Node } from './yamlDecoder.js';

export function defaultTLSConfig(): TLSConfig {
  return { ca: '', caFile: '', cert: '', certFile: '', key: '', keyFile: '', serverName: '', insecureSkipVerify: false };
}

export function defaultHTTPClientConfig(enableHTTP2 = true): HTTPClientConfig {
  return {
    tlsConfig: defaultTLSConfig(),
    followRedirects: true,
    enableHTTP2,
    proxyURL: '',
    noProxy: '',
    proxyFromEnvironment: false,
    proxyConnectHeader: {},
    httpHeaders: {},
  };
}

/** Joins a relative path with the config file's directory, as Prometheus's config.JoinDir. */
export function joinDir(dir: string, p: string): string {
  if (p === '' || dir === '' || path.isAbsolute(p)) return p;
  return path.join(dir, p);
}

const TLS_VERSIONS: ReadonlySet<string> = new Set(['TLS10', 'TLS11', 'TLS12', 'TLS13']);

// Canonical forms of the headers http_headers may not set (prometheus/common's reservedHeaders).
const RESERVED_HEADERS = new Set([
  'Authorization',
  'Host',
  'Content-Encoding',
  'Content-Length',
  'Content-Type',
  'User-Agent',
  'Connection',
  'Keep-Alive',
  'Proxy-Authenticate',
  'Proxy-Authorization',
  'Www-Authenticate',
  'Accept-Encoding',
  'X-Prometheus-Remote-Write-Version',
  'X-Prometheus-Remote-Read-Version',
  'X-Prometheus-Scrape-Timeout-Seconds',
  'X-Amz-Date',
  'X-Amz-Security-Token',
  'X-Amz-Content-Sha256',
]);

/** Go's http.CanonicalHeaderKey: each dash-separated word capitalised. */
export function canonicalHeaderKey(h: string): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(h)) return h;
  return h
    .split('-')
    .map((w) => (w === '' ? w : w[0]!.toUpperCase() + w.slice(1).toLowerCase()))
    .join('-');
}

function countSet(...xs: boolean[]): number {
  return xs.filter(Boolean).length;
}

export function decodeTLSConfig(d: Decoder, node: Node, dir: string): TLSConfig {
  const t = defaultTLSConfig();
  d.fields(node, 'config.plain', {
    ca: (v) => (t.ca = d.str(v) ?? ''),
    ca_file: (v) => (t.caFile = joinDir(dir, d.str(v) ?? '')),
    ca_ref: (v) => refUnsupported(d, v, 'ca_ref'),
    cert: (v) => (t.cert = d.str(v) ?? ''),
    cert_file: (v) => (t.certFile = joinDir(dir, d.str(v) ?? '')),
    cert_ref: (v) => refUnsupported(d, v, 'cert_ref'),
    key: (v) => (t.key = d.str(v) ?? ''),
    key_file: (v) => (t.keyFile = joinDir(dir, d.str(v) ?? '')),
    key_ref: (v) => refUnsupported(d, v, 'key_ref'),
    server_name: (v) => (t.serverName = d.str(v) ?? ''),
    insecure_skip_verify: (v) => (t.insecureSkipVerify = d.bool(v) ?? false),
    min_version: (v) => (t.minVersion = tlsVersion(d, v)),
    max_version: (v) => (t.maxVersion = tlsVersion(d, v)),
  });
  if (countSet(t.ca !== '', t.caFile !== '') > 1) d.fail(node, 'at most one of ca, ca_file & ca_ref must be configured');
  if (countSet(t.cert !== '', t.certFile !== '') > 1) d.fail(node, 'at most one of cert, cert_file & cert_ref must be configured');
  if (countSet(t.key !== '', t.keyFile !== '') > 1) d.fail(node, 'at most one of key and key_file must be configured');
  const cert = t.cert !== '' || t.certFile !== '';
  const key = t.key !== '' || t.keyFile !== '';
  if (cert && !key) d.fail(node, 'exactly one of key or key_file must be configured when a client certificate is configured');
  if (key && !cert) d.fail(node, 'exactly one of cert or cert_file must be configured when a client key is configured');
  return t;
}

function tlsVersion(d: Decoder, v: Node): TLSVersion | undefined {
  const s = d.str(v);
  if (s === undefined) return undefined;
  if (!TLS_VERSIONS.has(s)) d.fail(v, `unknown TLS version: ${s}`);
  return s as TLSVersion;
}

// Secret managers (the *_ref fields) are a Prometheus extension point Hearth has no provider for.
function refUnsupported(d: Decoder, v: Node, field: string): void {
  if (d.str(v)) d.fail(v, `${field}: Hearth does not support secret references (no secret manager is configured)`);
}

/** State of one inlined HTTP client config while its owner's fields are decoded. */
export interface HTTPClientDecoding {
  cfg: HTTPClientConfig;
  bearerToken: string;
  bearerTokenFile: string;
  /** Where to report whole-config errors. */
  node: Node;
}

/**
 * Field handlers for the inlined HTTP client fields; merge them into the owner's spec, then
 * call finishHTTPClient after the owner's fields are decoded.
 */
export function httpClientFields(d: Decoder, dir: string, st: HTTPClientDecoding): Record<string, FieldHandler> {
  const c = st.cfg;
  return {
    basic_auth: (v) => {
      if (d.isNull(v)) return;
      const b: BasicAuth = { username: '', usernameFile: '', password: '', passwordFile: '' };
      d.fields(v, 'config.plain', {
        username: (x) => (b.username = d.str(x) ?? ''),
        username_file: (x) => (b.usernameFile = joinDir(dir, d.str(x) ?? '')),
        username_ref: (x) => refUnsupported(d, x, 'username_ref'),
        password: (x) => (b.password = d.str(x) ?? ''),
        password_file: (x) => (b.passwordFile = joinDir(dir, d.str(x) ?? '')),
        password_ref: (x) => refUnsupported(d, x, 'password_ref'),
      });
      c.basicAuth = b;
    },
    authorization: (v) => {
      if (d.isNull(v)) return;
      const a: Authorization = { type: '', credentials: '', credentialsFile: '' };
      d.fields(v, 'config.plain', {
        type: (x) => (a.type = d.str(x) ?? ''),
        credentials: (x) => (a.credentials = d.str(x) ?? ''),
        credentials_file: (x) => (a.credentialsFile = joinDir(dir, d.str(x) ?? '')),
        credentials_ref: (x) => refUnsupported(d, x, 'credentials_ref'),
      });
      c.authorization = a;
    },
    oauth2: (v) => {
      if (d.isNull(v)) return;
      c.oauth2 = decodeOAuth2(d, v, dir);
    },
    bearer_token: (v) => (st.bearerToken = d.str(v) ?? ''),
    bearer_token_file: (v) => (st.bearerTokenFile = joinDir(dir, d.str(v) ?? '')),
    tls_config: (v) => (c.tlsConfig = decodeTLSConfig(d, v, dir)),
    follow_redirects: (v) => (c.followRedirects = d.bool(v) ?? c.followRedirects),
    enable_http2: (v) => (c.enableHTTP2 = d.bool(v) ?? c.enableHTTP2),
    proxy_url: (v) => (c.proxyURL = proxyURL(d, v)),
    no_proxy: (v) => (c.noProxy = d.str(v) ?? ''),
    proxy_from_environment: (v) => (c.proxyFromEnvironment = d.bool(v) ?? false),
    proxy_connect_header: (v) => (c.proxyConnectHeader = headerLists(d, v)),
    http_headers: (v) => (c.httpHeaders = decodeHeaders(d, v, dir)),
  };
}

function proxyURL(d: Decoder, v: Node): string {
  const s = d.str(v) ?? '';
  if (s === '') return '';
  try {
    new URL(s);
  } catch {
    d.fail(v, `parse ${goQuote(s)}: invalid URI for request`);
  }
  return s;
}

function headerLists(d: Decoder, v: Node): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of d.pairs(v, 'config.ProxyHeader') ?? []) {
    const k = d.str(p.key as Node) ?? '';
    out[k] = d.strList(p.value as Node, '[]config.Secret') ?? [];
  }
  return out;
}

function decodeHeaders(d: Decoder, v: Node, dir: string): Record<string, HTTPHeader> {
  const out: Record<string, HTTPHeader> = {};
  for (const p of d.pairs(v, 'map[string]config.Header') ?? []) {
    const name = d.str(p.key as Node) ?? '';
    const h: HTTPHeader = { values: [], secrets: [], files: [] };
    d.fields(p.value as Node, 'config.Header', {
      values: (x) => (h.values = d.strList(x) ?? []),
      secrets: (x) => (h.secrets = d.strList(x, '[]config.Secret') ?? []),
      files: (x) => (h.files = (d.strList(x) ?? []).map((f) => joinDir(dir, f))),
    });
    const canon = canonicalHeaderKey(name);
    if (RESERVED_HEADERS.has(canon)) d.fail(p.key as Node, `setting header ${goQuote(canon)} is not allowed`);
    out[name] = h;
  }
  return out;
}

function decodeOAuth2(d: Decoder, node: Node, dir: string): OAuth2Config {
  const o: OAuth2Config = {
    clientId: '',
    clientSecret: '',
    clientSecretFile: '',
    scopes: [],
    tokenURL: '',
    endpointParams: {},
    tlsConfig: defaultTLSConfig(),
    proxyURL: '',
    noProxy: '',
    proxyFromEnvironment: false,
    proxyConnectHeader: {},
  };
  const unsupported = (field: string) => (x: Node) => {
    if (!d.isNull(x)) d.fail(x, `oauth2 ${field}: Hearth does not support JWT client authentication for OAuth 2.0`);
  };
  d.fields(node, 'config.plain', {
    client_id: (x) => (o.clientId = d.str(x) ?? ''),
    client_secret: (x) => (o.clientSecret = d.str(x) ?? ''),
    client_secret_file: (x) => (o.clientSecretFile = joinDir(dir, d.str(x) ?? '')),
    client_secret_ref: (x) => refUnsupported(d, x, 'client_secret_ref'),
    client_certificate_key_id: unsupported('client_certificate_key_id'),
    client_certificate_key: unsupported('client_certificate_key'),
    client_certificate_key_file: unsupported('client_certificate_key_file'),
    client_certificate_key_ref: unsupported('client_certificate_key_ref'),
    grant_type: (x) => {
      const g = d.str(x) ?? '';
      if (g !== '' && g !== 'client_credentials') d.fail(x, `oauth2 grant_type ${goQuote(g)}: Hearth supports only client_credentials`);
    },
    signature_algorithm: unsupported('signature_algorithm'),
    iss: unsupported('iss'),
    audience: unsupported('audience'),
    claims: unsupported('claims'),
    scopes: (x) => (o.scopes = d.strList(x) ?? []),
    token_url: (x) => (o.tokenURL = d.str(x) ?? ''),
    endpoint_params: (x) => {
      for (const [k, val] of d.strMap(x) ?? []) o.endpointParams[k] = val;
    },
    tls_config: (x) => (o.tlsConfig = decodeTLSConfig(d, x, dir)),
    proxy_url: (x) => (o.proxyURL = proxyURL(d, x)),
    no_proxy: (x) => (o.noProxy = d.str(x) ?? ''),
    proxy_from_environment: (x) => (o.proxyFromEnvironment = d.bool(x) ?? false),
    proxy_connect_header: (x) => (o.proxyConnectHeader = headerLists(d, x)),
  });
  return o;
}

/** prometheus/common's HTTPClientConfig.Validate, folding bearer_token(_file) into authorization. */
export function finishHTTPClient(d: Decoder, st: HTTPClientDecoding): HTTPClientConfig {
  const c = st.cfg;
  const node = st.node;
  const bt = st.bearerToken !== '';
  const btf = st.bearerTokenFile !== '';
  if (bt && btf) d.fail(node, 'at most one of bearer_token & bearer_token_file must be configured');
  if ((c.basicAuth || c.oauth2) && (bt || btf)) d.fail(node, 'at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured');
  if (c.basicAuth && c.basicAuth.username !== '' && c.basicAuth.usernameFile !== '') {
    d.fail(node, 'at most one of basic_auth username, username_file & username_ref must be configured');
  }
  if (c.basicAuth && c.basicAuth.password !== '' && c.basicAuth.passwordFile !== '') {
    d.fail(node, 'at most one of basic_auth password, password_file & password_ref must be configured');
  }
  if (c.authorization) {
    const a = c.authorization;
    if (bt || btf) d.fail(node, 'authorization is not compatible with bearer_token & bearer_token_file');
    if (a.credentials !== '' && a.credentialsFile !== '') d.fail(node, 'at most one of authorization credentials & credentials_file must be configured');
    a.type = a.type.trim();
    if (a.type === '') a.type = 'Bearer';
    if (a.type.toLowerCase() === 'basic') d.fail(node, 'authorization type cannot be set to "basic", use "basic_auth" instead');
    if (c.basicAuth || c.oauth2) d.fail(node, 'at most one of basic_auth, oauth2 & authorization must be configured');
  } else if (bt) {
    c.authorization = { type: 'Bearer', credentials: st.bearerToken, credentialsFile: '' };
  } else if (btf) {
    c.authorization = { type: 'Bearer', credentials: '', credentialsFile: st.bearerTokenFile };
  }
  if (c.oauth2) {
    const o = c.oauth2;
    if (c.basicAuth) d.fail(node, 'at most one of basic_auth, oauth2 & authorization must be configured');
    if (o.clientId === '') d.fail(node, 'oauth2 client_id must be configured');
    if (o.tokenURL === '') d.fail(node, 'oauth2 token_url must be configured');
    if (o.clientSecret !== '' && o.clientSecretFile !== '') {
      d.fail(node, 'at most one of oauth2 client_secret, client_secret_file & client_secret_ref must be configured');
    }
    validateProxy(d, node, o);
  }
  validateProxy(d, node, c);
  return c;
}

function validateProxy(
  d: Decoder,
  node: Node,
  p: { proxyURL: string; noProxy: string; proxyFromEnvironment: boolean; proxyConnectHeader: Record<string, string[]> },
): void {
  if (Object.keys(p.proxyConnectHeader).length > 0 && !p.proxyFromEnvironment && p.proxyURL === '') {
    d.fail(node, 'if proxy_connect_header is configured, proxy_url or proxy_from_environment must also be configured');
  }
  if (p.proxyFromEnvironment && p.proxyURL !== '') d.fail(node, 'if proxy_from_environment is configured, proxy_url must not be configured');
  if (p.proxyFromEnvironment && p.noProxy !== '') d.fail(node, 'if proxy_from_environment is configured, no_proxy must not be configured');
  if (p.proxyURL === '' && p.noProxy !== '') d.fail(node, 'if no_proxy is configured, proxy_url must also be configured');
}

/** Starts decoding an inlined HTTP client config with the given defaults. */
export function startHTTPClient(node: Node, enableHTTP2 = true): HTTPClientDecoding {
  return { cfg: defaultHTTPClientConfig(enableHTTP2), bearerToken: '', bearerTokenFile: '', node };
}
