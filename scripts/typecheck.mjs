// `npm run typecheck`: every room with its own tsconfig (its own lib and types), nothing emitted.
//
// NOTE: a list of `tsc -p` runs rather than `tsc -b` over project references. References need
// `composite` in every room, which makes the Node side write declaration files into dist/ and
// makes `tsc -b` emit JavaScript as a side effect of checking; the rooms also overlap on purpose
// (shared/ is compiled with the core's and with the renderer's settings), which references would
// have to model as extra projects. The build (scripts/build.mjs) checks the same list while it
// emits; test/unit/rooms/rooms.test.ts fails if a tsconfig is missing from either.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', '.bin', 'tsc');

const PROJECTS = [
  ['shared', 'shared/tsconfig.json'],
  ['core and shell', 'electron/tsconfig.json'],
  ['preload', 'electron/tsconfig.preload.json'],
  ['renderer', 'renderer/tsconfig.json'],
  ['tests', 'test/tsconfig.json'],
  ['renderer tests', 'test/unit/renderer/tsconfig.json'],
  ['e2e tests', 'test/e2e/tsconfig.json'],
];

let failed = 0;
for (const [label, project] of PROJECTS) {
  const t0 = Date.now();
  // The core's incremental state belongs to the build, which emits; a check keeps its own.
  const args = ['-p', project, '--noEmit', '--incremental', '--tsBuildInfoFile', join(root, 'dist', `.tsbuildinfo.typecheck.${label.replace(/\W+/g, '-')}`)];
  const r = spawnSync(tsc, args, { cwd: root, stdio: 'inherit' });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status === 0) console.log(`typecheck: ${label} (${project}) ok (${secs} s)`);
  else {
    console.error(`typecheck: ${label} (${project}) FAILED`);
    failed++;
  }
}
process.exit(failed === 0 ? 0 : 1);
