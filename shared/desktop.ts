/**
 * What the preload script offers the renderer as `window.hearth` in the desktop app.
 * Each method name is an IPC channel (`hearth:<method>`); main.ts registers one handler per
 * method, typed from this interface, and rejects everything else. In a browser (headless
 * mode) `window.hearth` is undefined, and the renderer must work without it.
 *
 * The core's API token is deliberately not offered: any script running on the core's origin
 * could read it from here, and no page of the console changes state. A desktop action that
 * needs it belongs in the main process, which can read it from the data directory.
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
}

export type DesktopChannel = keyof DesktopApi;

export const DESKTOP_CHANNELS: readonly DesktopChannel[] = ['appVersion', 'showNotification'];

export function channelName(method: DesktopChannel): string {
  return `hearth:${method}`;
}
