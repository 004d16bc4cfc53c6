/**
 * Hearth's notification config: Alertmanager's alertmanager.yml, read strictly, with Hearth's
 * desktop, ntfy, Gotify and Matrix receivers added in the same style.
 */

import { readFile } from 'node:fs/promises';
import { NotifyConfigError } from './errors.js';
import { parseNotifyConfig } from './parse.js';
import type { NotifyConfig } from './types.js';

export { parseNotifyConfig, defaultGlobal } from './parse.js';
export { NotifyConfigError, type NotifyConfigProblem } from './errors.js';
export { Secret } from './secret.js';
export { DEFAULT_GROUP_INTERVAL_MS, DEFAULT_GROUP_WAIT_MS, DEFAULT_REPEAT_INTERVAL_MS } from './route.js';
export type * from './types.js';

export async function loadNotifyConfig(path: string): Promise<NotifyConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new NotifyConfigError(path, [{ detail: err.code === 'ENOENT' ? `open ${path}: no such file or directory` : `read ${path}: ${err.message}` }]);
  }
  return parseNotifyConfig(text, path);
}
