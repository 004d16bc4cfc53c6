/**
 * Prometheus's --web.config.file (the exporter-toolkit format), for users who expose Hearth
 * on their network: `basic_auth_users` (bcrypt hashes), `tls_server_config` (certificate,
 * key, client certificates), `http_server_config.headers`.
 * https://prometheus.io/docs/prometheus/latest/configuration/https/
 *
 * As exporter-toolkit: unknown fields are errors, relative paths are relative to the file,
 * TLS 1.2 is the default minimum, and a changed file takes effect without a restart (the
 * caller re-reads it when its modification time changes).
 */

import { readFileSync } from 'node:fs';
import type { SecureContextOptions } from 'node:tls';
import { dirname, isAbsolute, join } from 'node:path';
import { parseDocument, type Document } from 'yaml';
import { parseDuration } from '../../../../shared/duration.js';

export type ClientAuthType = 'NoClientCert' | 'RequestClientCert' | 'RequireAnyClientCert' | 'VerifyClientCertIfGiven' | 'RequireAndVerifyClientCert';

export interface TlsServerConfig {
  /** PEM text of the certificate and key (read from cert_file/key_file, or given inline). */
  readonly cert: string;
  readonly key: string;
  readonly clientAuth: ClientAuthType;
  /** PEM text of the CAs client certificates must chain to, or null. */
  readonly clientCA: string | null;
  readonly minVersion: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  readonly maxVersion: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  /** OpenSSL names of the allowed cipher suites, or null for Node's defaults. */
  readonly ciphers: string | null;
  readonly curves: string | null;
  readonly clientAllowedSans: readonly string[] | null;
}

export interface WebConfig {
  readonly path: string;
  readonly tls: TlsServerConfig | null;
  /** Extra response headers (only those exporter-toolkit allows). */
  readonly headers: Readonly<Record<string, string>>;
  /** user → bcrypt hash; empty means no basic auth. */
  readonly users: ReadonlyMap<string, string>;
  /** rate_limit: at most `burst` requests at once, refilled one per `intervalMs`; null when off. */
  readonly rateLimit: { readonly burst: number; readonly intervalMs: number } | null;
}

export class WebConfigError extends Error {}

const TOP = ['tls_server_config', 'http_server_config', 'basic_auth_users', 'rate_limit'];
const TLS_FIELDS = [
  'cert',
  'key',
  'client_ca',
  'cert_file',
  'key_file',
  'client_auth_type',
  'client_ca_file',
  'cipher_suites',
  'curve_preferences',
  'min_version',
  'max_version',
  'prefer_server_cipher_suites',
  'client_allowed_sans',
];
const HTTP_FIELDS = ['http2', 'headers'];

/** Headers exporter-toolkit lets the file set, with the values it accepts (null: any). */
const ALLOWED_HEADERS: Record<string, readonly string[] | null> = {
  'Strict-Transport-Security': null,
  'X-Content-Type-Options': ['nosniff'],
  'X-Frame-Options': ['deny', 'sameorigin'],
  'X-XSS-Protection': null,
  'Content-Security-Policy': null,
};

const TLS_VERSIONS: Record<string, TlsServerConfig['minVersion']> = {
  TLS10: 'TLSv1',
  TLS11: 'TLSv1.1',
  TLS12: 'TLSv1.2',
  TLS13: 'TLSv1.3',
};

/** Go's cipher suite names → OpenSSL's (TLS 1.3 suites are not configurable in Go either). */
const CIPHERS: Record<string, string> = {
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 'ECDHE-ECDSA-AES128-GCM-SHA256',
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: 'ECDHE-RSA-AES128-GCM-SHA256',
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 'ECDHE-ECDSA-AES256-GCM-SHA384',
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: 'ECDHE-RSA-AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-ECDSA-CHACHA20-POLY1305',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-RSA-CHACHA20-POLY1305',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: 'ECDHE-ECDSA-AES128-SHA',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: 'ECDHE-RSA-AES128-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: 'ECDHE-ECDSA-AES256-SHA',
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: 'ECDHE-RSA-AES256-SHA',
  TLS_RSA_WITH_AES_128_GCM_SHA256: 'AES128-GCM-SHA256',
  TLS_RSA_WITH_AES_256_GCM_SHA384: 'AES256-GCM-SHA384',
  TLS_RSA_WITH_AES_128_CBC_SHA: 'AES128-SHA',
  TLS_RSA_WITH_AES_256_CBC_SHA: 'AES256-SHA',
};

const CURVES: Record<string, string> = { CurveP256: 'P-256', CurveP384: 'P-384', CurveP521: 'P-521', X25519: 'X25519' };

const CLIENT_AUTH: Record<string, ClientAuthType> = {
  '': 'NoClientCert',
  NoClientCert: 'NoClientCert',
  RequestClientCert: 'RequestClientCert',
  RequireAnyClientCert: 'RequireAnyClientCert',
  RequireClientCert: 'RequireAnyClientCert',
  VerifyClientCertIfGiven: 'VerifyClientCertIfGiven',
  RequireAndVerifyClientCert: 'RequireAndVerifyClientCert',
};

/** A bcrypt hash as Go's bcrypt.Cost accepts it: $2a$/$2b$/$2y$, cost 4–31, 53 characters of salt and hash. */
const BCRYPT_RE = /^\$2[aby]?\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;

/** Reads and validates a web config file; errors name the file and what is wrong. */
export function loadWebConfig(path: string): WebConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new WebConfigError(`cannot read web config file ${path}: ${(e as Error).message}`);
  }
  try {
    return parseWebConfig(text, path);
  } catch (e) {
    throw new WebConfigError(`web config file ${path}: ${(e as Error).message}`);
  }
}

export function parseWebConfig(text: string, path: string): WebConfig {
  const doc: Document = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) throw new Error(doc.errors[0]!.message);
  const root: unknown = doc.toJS() ?? {};
  const obj = asObject(root, 'the file');
  checkFields(obj, TOP, 'web config');
  const dir = dirname(path);

  const users = new Map<string, string>();
  if (obj['basic_auth_users'] != null) {
    for (const [user, hash] of Object.entries(asObject(obj['basic_auth_users'], 'basic_auth_users'))) {
      if (typeof hash !== 'string' || !BCRYPT_RE.test(hash)) throw new Error(`basic_auth_users: the password of user "${user}" is not a bcrypt hash`);
      users.set(user, hash);
    }
  }

  const headers: Record<string, string> = {};
  const http = obj['http_server_config'] == null ? {} : asObject(obj['http_server_config'], 'http_server_config');
  checkFields(http, HTTP_FIELDS, 'http_server_config');
  if (http['headers'] != null) {
    for (const [name, value] of Object.entries(asObject(http['headers'], 'http_server_config.headers'))) {
      const allowed = ALLOWED_HEADERS[name];
      if (allowed === undefined) throw new Error(`HTTP header "${name}" can not be configured`);
      const v = String(value);
      if (allowed !== null && !allowed.includes(v)) {
        throw new Error(`invalid value for ${name}. Expected one of: [${allowed.map((a) => JSON.stringify(a)).join(' ')}], but got: "${v}"`);
      }
      headers[name] = v;
    }
  }
  let rateLimit: WebConfig['rateLimit'] = null;
  if (obj['rate_limit'] != null) {
    const rl = asObject(obj['rate_limit'], 'rate_limit');
    checkFields(rl, ['burst', 'interval'], 'rate_limit');
    const burst = Number(rl['burst'] ?? 0);
    if (!Number.isInteger(burst) || burst < 0) throw new Error('rate_limit.burst must be a non-negative integer');
    let intervalMs = 0;
    if (rl['interval'] != null) {
      try {
        intervalMs = parseDuration(String(rl['interval']));
      } catch {
        throw new Error(`rate_limit.interval: cannot parse "${String(rl['interval'])}" as a duration`);
      }
    }
    // As exporter-toolkit: no interval, no limiter.
    if (intervalMs > 0) rateLimit = { burst, intervalMs };
  }

  const tlsObj = obj['tls_server_config'] == null ? {} : asObject(obj['tls_server_config'], 'tls_server_config');
  checkFields(tlsObj, TLS_FIELDS, 'tls_server_config');
  const tls = tlsConfig(tlsObj, dir);
  return { path, tls, headers, users, rateLimit };
}

function tlsConfig(o: Record<string, unknown>, dir: string): TlsServerConfig | null {
  const str = (k: string): string => (o[k] == null ? '' : String(o[k]));
  const file = (k: string): string => {
    const p = str(k);
    return p === '' || isAbsolute(p) ? p : join(dir, p);
  };
  const enabled = ['cert_file', 'cert', 'key_file', 'key', 'client_ca_file', 'client_ca', 'client_auth_type'].some((k) => str(k) !== '');
  if (!enabled) return null;
  if (str('cert_file') === '' && str('cert') === '') throw new Error('missing one of cert or cert_file');
  if (str('key_file') === '' && str('key') === '') throw new Error('missing one of key or key_file');
  const read = (k: string): string => {
    const p = file(k);
    try {
      return readFileSync(p, 'utf8');
    } catch (e) {
      throw new Error(`failed to read ${k} (${p}): ${(e as Error).message}`);
    }
  };
  const cert = str('cert_file') !== '' ? read('cert_file') : str('cert');
  const key = str('key_file') !== '' ? read('key_file') : str('key');
  const clientAuth = CLIENT_AUTH[str('client_auth_type')];
  if (clientAuth === undefined) throw new Error(`invalid ClientAuth: ${str('client_auth_type')}`);
  const clientCA = str('client_ca_file') !== '' ? read('client_ca_file') : str('client_ca') !== '' ? str('client_ca') : null;
  if (clientCA !== null && clientAuth === 'NoClientCert') throw new Error("client CA's have been configured without a Client Auth Policy");
  const version = (k: string, fallback: TlsServerConfig['minVersion']): TlsServerConfig['minVersion'] => {
    if (str(k) === '') return fallback;
    const v = TLS_VERSIONS[str(k)];
    if (!v) throw new Error(`unknown TLS version: ${str(k)}`);
    return v;
  };
  const list = (k: string): string[] => {
    const v = o[k];
    if (v == null) return [];
    if (!Array.isArray(v)) throw new Error(`${k} must be a list`);
    return v.map(String);
  };
  const ciphers = list('cipher_suites').map((c) => {
    const n = CIPHERS[c];
    if (!n) throw new Error(`unknown cipher: ${c}`);
    return n;
  });
  const curves = list('curve_preferences').map((c) => {
    const n = CURVES[c];
    if (!n) throw new Error(`unknown curve: ${c}`);
    return n;
  });
  const sans = o['client_allowed_sans'] == null ? null : list('client_allowed_sans');
  if (sans !== null && clientAuth !== 'RequireAnyClientCert' && clientAuth !== 'RequireAndVerifyClientCert') {
    throw new Error('client_allowed_sans requires client_auth_type to be one of RequireAnyClientCert or RequireAndVerifyClientCert');
  }
  return {
    cert,
    key,
    clientAuth,
    clientCA,
    minVersion: version('min_version', 'TLSv1.2'),
    maxVersion: version('max_version', 'TLSv1.3'),
    ciphers: ciphers.length > 0 ? ciphers.join(':') : null,
    curves: curves.length > 0 ? curves.join(':') : null,
    clientAllowedSans: sans,
  };
}

/** Options for https.createServer / setSecureContext from a TLS config. */
export function tlsServerOptions(t: TlsServerConfig): SecureContextOptions & { requestCert: boolean; rejectUnauthorized: boolean } {
  const verify = t.clientAuth === 'RequireAndVerifyClientCert' || t.clientAuth === 'VerifyClientCertIfGiven';
  return {
    cert: t.cert,
    key: t.key,
    minVersion: t.minVersion,
    maxVersion: t.maxVersion,
    ...(t.ciphers ? { ciphers: t.ciphers } : {}),
    ...(t.curves ? { ecdhCurve: t.curves } : {}),
    ...(t.clientCA ? { ca: t.clientCA } : {}),
    requestCert: t.clientAuth !== 'NoClientCert',
    // Node can only require-and-verify at the handshake; the other policies are checked per request (access.ts).
    rejectUnauthorized: t.clientAuth === 'RequireAndVerifyClientCert' && verify,
  };
}

function asObject(v: unknown, where: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`${where} must be a mapping`);
  return v as Record<string, unknown>;
}

function checkFields(o: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new Error(`field ${k} not found in ${where}`);
  }
}

