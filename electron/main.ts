/**
 * The Electron shell: starts the core off the UI thread, opens a locked-down window on the
 * core's loopback address, and offers the small desktop API (version, OS notifications).
 * The logic lives in shell/ (tested in Node); this file only binds it to Electron.
 */

import { app, BrowserWindow, dialog, ipcMain, Notification, session, shell, utilityProcess } from 'electron';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HEARTH_VERSION } from '../shared/version.js';
import { denyAllPermissions, guardAllContents } from './shell/contentsGuards.js';
import { CoreSupervisor, type CoreHandle, type Spawner } from './shell/coreSupervisor.js';
import { registerDesktopApi } from './shell/ipc.js';
import { secureWebPreferences, withCsp } from './shell/windowSecurity.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const cliPath = join(here, 'core', 'cli.js');
const preloadPath = join(here, '..', 'preload', 'electron', 'preload.js');

let win: BrowserWindow | null = null;
let coreUrl: string | null = null;

/**
 * Packaged: an Electron utility process (its better-sqlite3 is rebuilt for Electron's ABI by
 * electron-builder). Development: a plain Node child process, because node_modules holds the
 * better-sqlite3 built for Node, which Electron's runtime cannot load. Never fork Electron's own
 * binary: the packaged app's runAsNode fuse is off (build/electron-builder.yml), so it would not
 * run as Node.
 */
const spawnCore: Spawner = (args) => {
  if (app.isPackaged) {
    const child = utilityProcess.fork(cliPath, [...args], { serviceName: 'Hearth core', stdio: 'inherit' });
    return {
      onMessage: (fn) => child.on('message', fn),
      onExit: (fn) => child.on('exit', (code) => fn(code)),
      send: (msg) => child.postMessage(msg),
      kill: () => void child.kill(),
    } satisfies CoreHandle;
  }
  const child = fork(cliPath, [...args], { execPath: process.env['HEARTH_NODE'] ?? 'node', stdio: 'inherit' });
  return {
    onMessage: (fn) => child.on('message', fn),
    onExit: (fn) => child.on('exit', (code) => fn(code)),
    send: (msg) => child.send(msg),
    kill: () => void child.kill('SIGKILL'),
  } satisfies CoreHandle;
};

function openWindow(url: string): void {
  if (win) {
    void win.loadURL(url);
    return;
  }
  win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 1024,
    minHeight: 600,
    title: 'Hearth',
    show: false,
    webPreferences: secureWebPreferences(preloadPath),
  });
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => {
    win = null;
  });
  void win.loadURL(url);
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // Before any window exists, so every web contents (the window's included) is guarded.
  guardAllContents(app, { coreUrl: () => coreUrl, openExternal: (target) => void shell.openExternal(target) });
  await app.whenReady();
  session.defaultSession.webRequest.onHeadersReceived((details, cb) => cb({ responseHeaders: withCsp(details.responseHeaders) }));
  denyAllPermissions(session.defaultSession);

  const dataDir = join(app.getPath('userData'), 'data');
  registerDesktopApi(
    ipcMain,
    {
      appVersion: async () => HEARTH_VERSION,
      showNotification: async ({ title, body }) => {
        if (!Notification.isSupported()) return false;
        new Notification({ title, body }).show();
        return true;
      },
    },
    () => coreUrl,
  );

  const supervisor = new CoreSupervisor(
    spawnCore,
    {
      onReady: (url) => {
        coreUrl = url;
        openWindow(url);
      },
      onCrash: (code, ms) => {
        if (Notification.isSupported()) {
          new Notification({ title: 'Hearth', body: `The Hearth core stopped (exit code ${code}); restarting in ${ms / 1000} s.` }).show();
        }
      },
      onQuit: () => app.quit(),
      onGiveUp: (code) => {
        dialog.showErrorBox('Hearth could not start', `The core exited with code ${code} before it was ready. Run \`hearth serve\` in a terminal to see why.`);
        app.quit();
      },
    },
    { args: ['serve', '--storage.tsdb.path', dataDir] },
  );
  supervisor.start();

  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('activate', () => {
    if (!win && coreUrl) openWindow(coreUrl);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let quitting = false;
  app.on('before-quit', (e) => {
    if (quitting) return;
    e.preventDefault();
    quitting = true;
    void supervisor.stop().then(() => app.quit());
  });
}

void main();
