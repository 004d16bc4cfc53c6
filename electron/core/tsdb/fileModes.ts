/**
 * The data directory holds every metric the machine has recorded (process names, mount points,
 * whatever the scraped targets expose), so it is private to the user who runs Hearth: a new
 * directory is made 0700 and the files Hearth creates in it 0600, whatever the umask says.
 * SQLite gives the -wal and -shm files it creates the mode of the database file, so creating
 * hearth.db 0600 before SQLite opens it covers them too.
 *
 * On Windows modes do not apply (the user's profile folder has its own ACLs): these are no-ops there.
 */

import { chmodSync, closeSync, constants, mkdirSync, openSync, statSync } from 'node:fs';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const POSIX = process.platform !== 'win32';

/** Creates `dir` (and missing parents) 0700; returns whether `dir` itself was created. */
export function mkdirPrivate(dir: string): boolean {
  // mkdirSync returns the first directory it created, undefined when all existed.
  const first = mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (first === undefined) return false;
  // The umask may have cleared bits of the mode asked for; the owner needs all three.
  if (POSIX) chmodSync(dir, PRIVATE_DIR_MODE);
  return true;
}

/** Creates `path` empty and 0600 when it does not exist; an existing file is left as it is. */
export function createPrivateFile(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, PRIVATE_FILE_MODE);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw e;
  }
  try {
    if (POSIX) chmodSync(path, PRIVATE_FILE_MODE);
  } finally {
    closeSync(fd);
  }
}

/** The group/other permission bits of `path`, 0 on Windows. */
export function sharedModeBits(path: string): number {
  return POSIX ? statSync(path).mode & 0o077 : 0;
}
