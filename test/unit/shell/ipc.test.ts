import { describe, expect, it } from 'vitest';
import { registerDesktopApi, type IpcRegistrar } from '../../../electron/shell/ipc.js';
import { DESKTOP_CHANNELS } from '../../../shared/desktop.js';

type Listener = Parameters<IpcRegistrar['handle']>[1];

function setup() {
  const handlers = new Map<string, Listener>();
  const shown: unknown[] = [];
  registerDesktopApi(
    { handle: (ch, fn) => handlers.set(ch, fn) },
    {
      appVersion: async () => '0.1.0',
      showNotification: async (req) => {
        shown.push(req);
        return true;
      },
    },
    () => 'http://127.0.0.1:9190',
  );
  return { handlers, shown };
}

const from = (url: string) => ({ senderFrame: { url } });

describe('desktop IPC', () => {
  it('registers exactly one channel per DesktopApi method', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual(DESKTOP_CHANNELS.map((m) => `hearth:${m}`).sort());
  });

  it('answers the core page and refuses other origins', async () => {
    const { handlers } = setup();
    expect(await handlers.get('hearth:appVersion')!(from('http://127.0.0.1:9190/query'))).toBe('0.1.0');
    expect(() => handlers.get('hearth:appVersion')!(from('https://evil.example/'))).toThrow(/refused appVersion/);
  });

  it('validates notification arguments', async () => {
    const { handlers, shown } = setup();
    const h = handlers.get('hearth:showNotification')!;
    expect(() => h(from('http://127.0.0.1:9190/'), { title: 1 })).toThrow(/strings/);
    expect(await h(from('http://127.0.0.1:9190/'), { title: 'Alert', body: 'fired' })).toBe(true);
    expect(shown).toEqual([{ title: 'Alert', body: 'fired' }]);
  });
});
