import { describe, expect, it } from 'vitest';
import {
  denyAllPermissions,
  guardAllContents,
  guardContents,
  type GuardableContents,
  type PermissionSession,
} from '../../../electron/shell/contentsGuards.js';

/** A session shaped like Electron's, recording the handlers set on it. */
class FakeSession implements PermissionSession {
  request: Parameters<PermissionSession['setPermissionRequestHandler']>[0] | null = null;
  check: Parameters<PermissionSession['setPermissionCheckHandler']>[0] | null = null;
  device: Parameters<PermissionSession['setDevicePermissionHandler']>[0] | null = null;
  setPermissionRequestHandler(h: NonNullable<FakeSession['request']>) {
    this.request = h;
  }
  setPermissionCheckHandler(h: NonNullable<FakeSession['check']>) {
    this.check = h;
  }
  setDevicePermissionHandler(h: NonNullable<FakeSession['device']>) {
    this.device = h;
  }
}

/** Web contents shaped like Electron's: emits events to listeners and asks the window-open handler. */
class FakeContents implements GuardableContents {
  listeners = new Map<string, ((...args: never[]) => void)[]>();
  openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  constructor(readonly session: FakeSession = new FakeSession()) {}
  on(event: string, fn: (...args: never[]) => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    return this;
  }
  setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' }) {
    this.openHandler = h;
  }
  /** Emits a navigation-like event the way Electron does (details first); true if it was prevented. */
  navigate(event: string, url: string): boolean {
    let prevented = false;
    const details = { url, isMainFrame: true, preventDefault: () => void (prevented = true) };
    for (const fn of this.listeners.get(event) ?? []) (fn as (d: typeof details, ...rest: unknown[]) => void)(details, url, false, true);
    return prevented;
  }
  attachWebview(): boolean {
    let prevented = false;
    const event = { preventDefault: () => void (prevented = true) };
    for (const fn of this.listeners.get('will-attach-webview') ?? []) {
      (fn as (...a: unknown[]) => void)(event, {}, { src: 'https://evil.example/' });
    }
    return prevented;
  }
}

const CORE = 'http://127.0.0.1:9190';

function guarded(core: string | null = CORE) {
  const opened: string[] = [];
  let current = core;
  const contents = new FakeContents();
  guardContents(contents, { coreUrl: () => current, openExternal: (u) => opened.push(u) });
  return { contents, opened, moveCore: (u: string | null) => void (current = u) };
}

describe('web contents guards', () => {
  for (const event of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
    it(`${event}: stays on the core's origin and stops everything else`, () => {
      const { contents } = guarded();
      expect(contents.navigate(event, `${CORE}/targets`)).toBe(false);
      expect(contents.navigate(event, 'https://evil.example/')).toBe(true);
      expect(contents.navigate(event, 'http://127.0.0.1:9191/')).toBe(true);
      expect(contents.navigate(event, 'http://localhost:9190/')).toBe(true);
      expect(contents.navigate(event, 'file:///etc/passwd')).toBe(true);
      expect(contents.navigate(event, 'about:blank')).toBe(true);
    });
  }

  it('follows the core to its new address after a restart, and allows nothing before it is ready', () => {
    const { contents, moveCore } = guarded(null);
    expect(contents.navigate('will-navigate', `${CORE}/`)).toBe(true);
    moveCore('http://127.0.0.1:9200');
    expect(contents.navigate('will-navigate', 'http://127.0.0.1:9200/alerts')).toBe(false);
    expect(contents.navigate('will-redirect', `${CORE}/`)).toBe(true);
  });

  it('refuses to attach a <webview>', () => {
    const { contents } = guarded();
    expect(contents.attachWebview()).toBe(true);
  });

  it('opens no window, and hands only http(s) links away from the core to the OS browser', () => {
    const { contents, opened } = guarded();
    const open = contents.openHandler!;
    expect(open({ url: 'https://prometheus.io/docs' })).toEqual({ action: 'deny' });
    expect(open({ url: `${CORE}/graph` })).toEqual({ action: 'deny' });
    expect(open({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(open({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://prometheus.io/docs']);
  });
});

describe('permissions', () => {
  it('denies every request, check and device permission', () => {
    const s = new FakeSession();
    denyAllPermissions(s);
    const answers: boolean[] = [];
    for (const p of ['notifications', 'media', 'geolocation', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'unknown']) {
      s.request!(null, p, (granted) => answers.push(granted));
      answers.push(s.check!(null, p));
    }
    expect(answers).toHaveLength(14);
    expect(answers.every((a) => a === false)).toBe(true);
    expect(s.device!({ deviceType: 'usb' })).toBe(false);
  });
});

describe('app-wide hook', () => {
  function app() {
    let created: ((e: unknown, c: GuardableContents) => void) | null = null;
    return {
      on: (event: 'web-contents-created', fn: (e: unknown, c: GuardableContents) => void) => {
        expect(event).toBe('web-contents-created');
        created = fn;
      },
      create: (c: FakeContents) => created!({}, c),
    };
  }

  it('guards every web contents created after it is installed, in every session it uses', () => {
    const a = app();
    guardAllContents(a, { coreUrl: () => CORE, openExternal: () => {} });
    const shared = new FakeSession();
    const win = new FakeContents(shared);
    const popup = new FakeContents(shared);
    const other = new FakeContents(new FakeSession());
    for (const c of [win, popup, other]) a.create(c);
    for (const c of [win, popup, other]) {
      expect(c.navigate('will-navigate', 'https://evil.example/')).toBe(true);
      expect(c.navigate('will-frame-navigate', 'https://evil.example/')).toBe(true);
      expect(c.navigate('will-redirect', 'https://evil.example/')).toBe(true);
      expect(c.attachWebview()).toBe(true);
      expect(c.openHandler!({ url: `${CORE}/` })).toEqual({ action: 'deny' });
      expect(c.session.check!(null, 'notifications')).toBe(false);
    }
    // Guarded once each: a second listener would mean a contents was hooked twice.
    expect(win.listeners.get('will-navigate')).toHaveLength(1);
  });
});
