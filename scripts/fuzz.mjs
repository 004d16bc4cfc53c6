// `npm run fuzz [-- --runs N] [--seed S] [file filters]`: the property-based fuzz suites
// (*.fuzz.test.ts and the remote-write decoder's properties) with HEARTH_FUZZ_RUNS inputs per
// property, 1,000,000 unless told. The seed is fresh each run, so long runs explore new
// inputs, and printed, so a failure replays with --seed.
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SUITES = ['.fuzz.test.ts', 'test/unit/core/api/remoteWire.test.ts'];

let runs = 1_000_000;
let seed = randomInt(1, 2 ** 31 - 1);
const filters = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const value = () => {
    const v = Number(args[++i]);
    if (!Number.isSafeInteger(v)) {
      console.error(`fuzz: ${a} wants an integer, got ${JSON.stringify(args[i])}`);
      process.exit(2);
    }
    return v;
  };
  if (a === '--runs') runs = value();
  else if (a === '--seed') seed = value();
  else filters.push(a);
}

console.log(`fuzz: ${runs} inputs per property, seed ${seed} (replay with: npm run fuzz -- --runs ${runs} --seed ${seed})`);
const started = Date.now();
const r = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...(filters.length ? filters : SUITES)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, HEARTH_FUZZ_RUNS: String(runs), HEARTH_FUZZ_SEED: String(seed) },
});
console.log(`fuzz: ${runs} inputs per property, seed ${seed}, ${((Date.now() - started) / 1000).toFixed(1)} s, exit ${r.status}`);
process.exit(r.status ?? 1);
