/**
 * What the preload script offers the renderer as `window.hearth` in the desktop app.
 * Each method name is an IPC channel (`hearth:<method>`); main.ts registers one handler per
 * method, typed from this interface, and rejects everything else. In a browser (headless
 * mode) `window.hearth` is undefined, and the renderer must work without it.
 */

export interface NotificationRequest {
  title: string;
  body: string;
}

export interface DesktopApi {
  /** The app's version, e.g. "0.1.0". */
  appVersion(): Promise<string>;
  /** Shows an OS notification; resolves to false when the OS refused or does not support it. */
  showNotification(req: NotificationRequest): Promise<boolean>;
  /**
   * The core's per-install API token, for the requests that change state (admin endpoints,
   * /-/reload, /-/quit): send it as `Authorization: Bearer <token>`. Rejects while the core
   * has not created it yet. In a browser (headless mode) there is no window.hearth, so those
   * actions are refused there.
   */
  apiToken(): Promise<string>;
}

export type DesktopChannel = keyof DesktopApi;

export const DESKTOP_CHANNELS: readonly DesktopChannel[] = ['appVersion', 'showNotification', 'apiToken'];

export function channelName(method: DesktopChannel): string {
  return `hearth:${method}`;
}
