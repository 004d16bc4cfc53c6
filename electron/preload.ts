/**
 * The preload: exposes `window.hearth` (shared/desktop.ts) and nothing else. Each method is
 * one fixed IPC channel; the renderer never gets ipcRenderer itself.
 */

import { contextBridge, ipcRenderer } from 'electron';
import type { DesktopApi, NotificationRequest } from '../shared/desktop';

// Inlined rather than imported: a sandboxed preload can only require electron's own modules.
const channel = (m: keyof DesktopApi) => `hearth:${m}`;

const api: DesktopApi = {
  appVersion: () => ipcRenderer.invoke(channel('appVersion')) as Promise<string>,
  showNotification: (req: NotificationRequest) =>
    ipcRenderer.invoke(channel('showNotification'), { title: String(req.title), body: String(req.body) }) as Promise<boolean>,
};

contextBridge.exposeInMainWorld('hearth', api);
