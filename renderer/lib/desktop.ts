/**
 * The desktop shell's preload API (shared/desktop.ts) when the console runs in Hearth's window;
 * undefined in a browser on the headless server, where everything else works the same.
 */

import type { DesktopApi } from '../../shared/desktop';

declare global {
  interface Window {
    hearth?: DesktopApi;
  }
}

export function desktop(): DesktopApi | undefined {
  return window.hearth;
}
