import { existsSync } from 'node:fs';

/**
 * The system Chromium to drive: $HEARTH_CHROMIUM, else Debian's /usr/bin/chromium (or
 * chromium-browser). Playwright must never download its own browser here.
 */
export function chromiumPath(): string {
  const candidates = [process.env['HEARTH_CHROMIUM'], '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  for (const c of candidates) if (c && existsSync(c)) return c;
  throw new Error('no Chromium found: install it (apt-get install -y chromium) or set HEARTH_CHROMIUM to its path');
}
