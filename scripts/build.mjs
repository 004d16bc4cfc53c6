// Builds everything `npm start`, `npm run hearth` and the tests need:
// the Node side (core, CLI, Electron main) with tsc, the preload as CommonJS, the renderer with Vite.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function run(label, cmd, args) {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`build: ${label} failed`);
    process.exit(r.status ?? 1);
  }
  console.log(`build: ${label} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

run('shared (typecheck)', bin('tsc'), ['-p', 'shared/tsconfig.json']);
run('core and shell', bin('tsc'), ['-p', 'electron/tsconfig.json']);
run('preload', bin('tsc'), ['-p', 'electron/tsconfig.preload.json']);
// The preload folder holds CommonJS while the package is "type": "module".
mkdirSync(join(root, 'dist/preload'), { recursive: true });
writeFileSync(join(root, 'dist/preload/package.json'), '{ "type": "commonjs" }\n');
run('renderer (typecheck)', bin('tsc'), ['-p', 'renderer/tsconfig.json']);
run('tests (typecheck)', bin('tsc'), ['-p', 'test/tsconfig.json']);
run('renderer tests (typecheck)', bin('tsc'), ['-p', 'test/unit/renderer/tsconfig.json']);
run('e2e tests (typecheck)', bin('tsc'), ['-p', 'test/e2e/tsconfig.json']);
run('renderer (bundle)', bin('vite'), ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);
writeFileSync(join(root, 'dist/.build-stamp'), new Date().toISOString() + '\n');
