/**
 * The guards every web contents of the app gets, and the permission policy of every session
 * they use. main.ts installs them once, app-wide, through `web-contents-created`, so a window,
 * a subframe's host or anything Electron creates later is covered without each place that
 * makes one having to remember. Free of Electron imports: tested in Node with fakes shaped
 * like the parts of Electron used here.
 */

import { isAllowedNavigation, isExternalLink } from './windowSecurity.js';

/** What Electron's navigation events hand their listener first (`details` in Electron's docs). */
export interface NavigationDetails {
  readonly url: string;
  preventDefault(): void;
}

/** The small part of Electron's WebContents the guards use. */
export interface GuardableContents {
  on(event: string, listener: (...args: never[]) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  readonly session: PermissionSession;
}

/** The small part of Electron's Session the permission policy uses. */
export interface PermissionSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
}

/** The small part of Electron's app the app-wide hook uses. */
export interface ContentsCreatedSource {
  on(event: 'web-contents-created', listener: (event: unknown, contents: GuardableContents) => void): unknown;
}

export interface GuardOptions {
  /** The core's URL now (it may move when the core restarts), or null before it is ready. */
  readonly coreUrl: () => string | null;
  /** Hands a link to the OS browser (Electron's shell.openExternal). */
  readonly openExternal: (url: string) => void;
}

/**
 * Hearth's pages never leave the core's origin: a navigation, a redirect or a subframe load
 * elsewhere is stopped, whatever started it. `will-navigate` and `will-redirect` cover the main
 * frame; `will-frame-navigate` also sees subframes, which the other two do not.
 */
export function guardContents(contents: GuardableContents, opts: GuardOptions): void {
  const stayOnCore = (details: NavigationDetails) => {
    const core = opts.coreUrl();
    if (core === null || !isAllowedNavigation(core, details.url)) details.preventDefault();
  };
  contents.on('will-navigate', stayOnCore);
  contents.on('will-redirect', stayOnCore);
  contents.on('will-frame-navigate', stayOnCore);
  // A <webview> would be a second browser inside the window with preferences of its own.
  contents.on('will-attach-webview', (event: { preventDefault(): void }) => event.preventDefault());
  // No page opens a window of Hearth's; links elsewhere (target="_blank") go to the OS browser.
  contents.setWindowOpenHandler(({ url }) => {
    const core = opts.coreUrl();
    if (isExternalLink(url) && (core === null || !isAllowedNavigation(core, url))) opts.openExternal(url);
    return { action: 'deny' };
  });
}

/**
 * No page is granted a permission: the console needs none (its OS notifications come from the
 * main process, which permissions do not govern; its copy buttons fall back to execCommand when
 * the async clipboard is refused). Checks are answered too, since some APIs only check.
 */
export function denyAllPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** Guards every web contents the app creates from now on, and denies permissions in each session they use. */
export function guardAllContents(app: ContentsCreatedSource, opts: GuardOptions): void {
  const sessions = new WeakSet<PermissionSession>();
  app.on('web-contents-created', (_event, contents) => {
    guardContents(contents, opts);
    if (!sessions.has(contents.session)) {
      sessions.add(contents.session);
      denyAllPermissions(contents.session);
    }
  });
}
