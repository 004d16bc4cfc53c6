/**
 * The desktop API's main-process side, typed from shared/desktop.ts: one handler per method,
 * each registered on its own channel; calls from pages that are not the core's are refused.
 */

import { channelName, DESKTOP_CHANNELS, type DesktopApi, type DesktopChannel } from '../../shared/desktop.js';
import { isAllowedNavigation } from './windowSecurity.js';

export type Handlers = { [K in DesktopChannel]: (...args: Parameters<DesktopApi[K]>) => ReturnType<DesktopApi[K]> };

/** The small part of ipcMain that we use. */
export interface IpcRegistrar {
  handle(channel: string, listener: (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => unknown): void;
}

export function registerDesktopApi(ipc: IpcRegistrar, handlers: Handlers, coreUrl: () => string | null): void {
  for (const method of DESKTOP_CHANNELS) {
    ipc.handle(channelName(method), (event, ...args) => {
      const url = coreUrl();
      const from = event.senderFrame?.url ?? '';
      if (url === null || !isAllowedNavigation(url, from)) throw new Error(`refused ${method} from ${from || 'unknown frame'}`);
      validateArgs(method, args);
      return (handlers[method] as (...a: unknown[]) => unknown)(...args);
    });
  }
}

function validateArgs(method: DesktopChannel, args: unknown[]): void {
  if (method === 'showNotification') {
    const req = args[0] as { title?: unknown; body?: unknown } | undefined;
    if (typeof req?.title !== 'string' || typeof req.body !== 'string') throw new Error('showNotification needs {title, body} strings');
    if (req.title.length > 256 || req.body.length > 4096) throw new Error('notification text too long');
  }
}
