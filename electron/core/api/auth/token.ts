/**
 * The per-install API token: 32 random bytes as hex, created on the first start in the data
 * directory (`<storage.tsdb.path>/token`, file mode 0600) and kept across starts.
 *
 * NOTE: it lives in the data directory itself because every holder already knows that
 * directory: the core (--storage.tsdb.path), the desktop shell (it passes that flag to the
 * core, userData/data), and the CLI (the same flag, the same default). A token belongs to
 * the data it guards; a second data directory gets its own token.
 *
 * Requests that change state (admin endpoints, /-/reload, /-/quit) must carry it as
 * `Authorization: Bearer <token>`. Its holders are processes of the user who owns the data
 * directory (the CLI, the core's own scrape jobs); no page gets it, the desktop window
 * included, so the console's state-changing actions are refused (the read API works as in
 * Prometheus). The token is never logged.
 */

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, closeSync, constants, fstatSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TOKEN_FILE = 'token';

const TOKEN_RE = /^[0-9a-f]{64}$/;

export function tokenPath(dataDir: string): string {
  return join(dataDir, TOKEN_FILE);
}

/** The token of a data directory, or null when there is none (the core has not started there yet). */
export function readToken(dataDir: string): string | null {
  let text: string;
  try {
    text = readFileSync(tokenPath(dataDir), 'utf8').trim();
  } catch {
    return null;
  }
  return TOKEN_RE.test(text) ? text : null;
}

/**
 * Returns the data directory's token, creating it when missing or unreadable as a token.
 * The directory must exist.
 *
 * An existing file is trusted only when this user owns it and no one else may read or
 * write it: a token planted by another local user (or one they could read) would let them
 * call the admin endpoints. Such a file is refused, with an error naming it, rather than
 * fixed, since its token may already be known. Windows has no POSIX owner and mode bits
 * (the user's profile folder is protected by ACLs), so the check is POSIX only.
 */
export function ensureToken(dataDir: string): string {
  const path = tokenPath(dataDir);
  const existing = readTrustedToken(path);
  if (existing !== null) return existing;
  const token = randomBytes(32).toString('hex');
  try {
    // 'wx' fails when another process created the file between our read and this write.
    writeFileSync(path, token + '\n', { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`cannot create the API token file ${path}: ${(e as Error).message}`);
    const raced = readTrustedToken(path);
    if (raced !== null) return raced;
    // A file of ours that holds no token (truncated, edited): replace it.
    writeFileSync(path, token + '\n', { mode: 0o600 });
  }
  if (process.platform !== 'win32') chmodSync(path, 0o600);
  return token;
}

/**
 * The token in `path`, or null when there is no file or it holds no token. Throws when the
 * file is not this user's, or holds a token others may read or write. The file is opened
 * once and checked through that descriptor, so it cannot be swapped between check and read.
 */
function readTrustedToken(path: string): string | null {
  const posix = process.platform !== 'win32';
  let fd: number;
  try {
    fd = openSync(path, posix ? constants.O_RDONLY | constants.O_NOFOLLOW : 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP') throw new Error(`refusing the API token file ${path}: it is a symbolic link; delete it and Hearth makes a new token`);
    throw new Error(`cannot read the API token file ${path}: ${(e as Error).message}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error(`refusing the API token file ${path}: it is not a regular file`);
    if (posix) {
      const uid = process.getuid!();
      if (st.uid !== uid) throw new Error(`refusing the API token file ${path}: it belongs to user id ${st.uid}, not to this user (${uid}); delete it and Hearth makes a new token`);
    }
    const text = readFileSync(fd, 'utf8').trim();
    if (!TOKEN_RE.test(text)) return null;
    if (posix && (st.mode & 0o077) !== 0) {
      const mode = '0' + (st.mode & 0o777).toString(8);
      throw new Error(`refusing the API token file ${path}: other users may read or write it (mode ${mode}); its token may be known, so delete the file and Hearth makes a new one`);
    }
    return text;
  } finally {
    closeSync(fd);
  }
}

/** Constant-time comparison, so response times do not leak how much of a guess was right. */
export function tokenMatches(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(authorization: string | undefined): string | null {
  if (!authorization) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return m ? m[1]! : null;
}
