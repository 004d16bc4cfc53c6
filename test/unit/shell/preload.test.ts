import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DESKTOP_CHANNELS } from '../../../shared/desktop.js';

// The preload runs only inside Electron, so its source is read: it must invoke exactly the
// channels of shared/desktop.ts, and none of them may hand a page the core's API token.
const root = join(import.meta.dirname, '..', '..', '..');
const preload = readFileSync(join(root, 'electron', 'preload.ts'), 'utf8');

describe('preload bridge', () => {
  it('invokes exactly the DesktopApi channels', () => {
    const invoked = [...preload.matchAll(/ipcRenderer\.invoke\(channel\('([^']+)'\)/g)].map((m) => m[1]);
    expect(invoked.sort()).toEqual([...DESKTOP_CHANNELS].sort());
  });

  it('offers the page no token or credential', () => {
    expect(DESKTOP_CHANNELS.filter((c) => /token|secret|auth|password/i.test(c))).toEqual([]);
    expect(preload).not.toMatch(/token/i);
  });

  it('exposes only the one `hearth` object, never ipcRenderer itself', () => {
    expect([...preload.matchAll(/exposeInMainWorld\(\s*'([^']+)'/g)].map((m) => m[1])).toEqual(['hearth']);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*\)/);
  });
});
