// `npm run bench -- <area> [flags]`: builds, then runs scripts/bench/<area>.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'scripts', 'bench');
const areas = existsSync(benchDir) ? readdirSync(benchDir).filter((f) => f.endsWith('.mjs')).map((f) => f.slice(0, -4)) : [];
const [area, ...rest] = process.argv.slice(2);
if (!area || !areas.includes(area)) {
  console.error(`usage: npm run bench -- <area> [flags]   (areas: ${areas.join(', ') || 'none'})`);
  process.exit(2);
}
const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const r = spawnSync(process.execPath, ['--expose-gc', join(benchDir, `${area}.mjs`), ...rest], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
