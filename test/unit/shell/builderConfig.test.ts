import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The packaging config cannot be exercised here (electron-builder needs the network), so it
// is read and checked against electron-builder's own schema, the one `npm run dist` applies.
const root = join(import.meta.dirname, '..', '..', '..');
const require = createRequire(import.meta.url);
const config = parse(readFileSync(join(root, 'build', 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('electron-builder config', () => {
  it('flips the fuses that turn the app into a Node runtime or debugger off, and loads only a checked app.asar', () => {
    expect(config['electronFuses']).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // onlyLoadAppFromAsar leaves an app without app.asar unable to start.
    expect(config['asar']).toBe(true);
  });

  it("names each fuse as electron-builder's schema does, and the whole config passes its validation", async () => {
    const scheme = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
    };
    const known = Object.keys(scheme.definitions.FuseOptionsV1.properties);
    expect(Object.keys(config['electronFuses'] as object).filter((k) => !known.includes(k))).toEqual([]);

    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration(c: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util/out/DebugLogger.js') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    const misspelt = { ...config, electronFuses: { runAsnode: false } };
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });

  it('starts the packaged core in a utility process, which needs no ELECTRON_RUN_AS_NODE', () => {
    // With runAsNode off, child_process.fork of the Electron binary no longer runs Node; only the
    // development path forks, and it runs a separate Node binary, never Electron's.
    const main = readFileSync(join(root, 'electron', 'main.ts'), 'utf8');
    expect(main).toMatch(/if \(app\.isPackaged\) \{\s*const child = utilityProcess\.fork\(/);
    expect(main).toMatch(/fork\(cliPath, \[\.\.\.args\], \{ execPath: process\.env\['HEARTH_NODE'\] \?\? 'node'/);
    expect(main).not.toMatch(/ELECTRON_RUN_AS_NODE/);
  });
});
