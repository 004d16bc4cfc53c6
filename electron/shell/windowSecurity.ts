/**
 * The security settings of Hearth's window, in one place and free of Electron imports so
 * they are checked by tests: the renderer is sandboxed, isolated, without Node, and may only
 * show pages of the core it was opened on.
 */

import { CONTENT_SECURITY_POLICY } from '../core/api/static.js';

export { CONTENT_SECURITY_POLICY };

export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  } as const;
}

/** Whether the window may navigate to `target` (only the core's own origin). */
export function isAllowedNavigation(coreUrl: string, target: string): boolean {
  try {
    return new URL(target).origin === new URL(coreUrl).origin;
  } catch {
    return false;
  }
}

/** Links the window should hand to the OS browser instead (http/https elsewhere); never file: or javascript:. */
export function isExternalLink(target: string): boolean {
  try {
    const u = new URL(target);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Response headers with Hearth's CSP added where the server did not set one. */
export function withCsp(headers: Record<string, string[] | string> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k] = Array.isArray(v) ? v : [v];
  if (!Object.keys(out).some((k) => k.toLowerCase() === 'content-security-policy')) {
    out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  }
  return out;
}
