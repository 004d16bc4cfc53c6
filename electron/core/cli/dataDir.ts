/**
 * Where Hearth keeps its data by default: the same per-user folder the desktop app uses
 * (Electron's userData for an app named "Hearth"), so the headless server and the app share
 * one database.
 */

import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Hearth');
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'Hearth');
  return join(env['XDG_CONFIG_HOME'] || join(homedir(), '.config'), 'Hearth');
}

export function defaultDataDir(): string {
  return join(defaultUserDataDir(), 'data');
}
