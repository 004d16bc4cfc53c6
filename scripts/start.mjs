// `npm start`: builds if the sources changed, then launches the desktop app. Where Electron's
// runtime cannot be had (it is downloaded on first use, and some machines have no route to
// it), says so in one line and runs the same core headless, printing the URL to open.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.build-stamp');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function needsBuild() {
  if (!existsSync(stamp) || !existsSync(join(root, 'dist/renderer/index.html'))) return true;
  const built = statSync(stamp).mtimeMs;
  return ['electron', 'shared', 'renderer'].some((d) => newestMtime(join(root, d)) > built);
}

if (needsBuild()) {
  const r = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  writeFileSync(stamp, new Date().toISOString() + '\n');
}

/** The Electron binary's path, or the reason it is not available. */
function electronBinary() {
  const probe = spawnSync(
    process.execPath,
    ['-e', "try { process.stdout.write('\\nHEARTH-PROBE OK ' + require('electron') + '\\n') } catch (e) { process.stdout.write('\\nHEARTH-PROBE ERR ' + String(e.message).split('\\n')[0] + '\\n') }"],
    { cwd: root, encoding: 'utf8', timeout: 30_000 },
  );
  // The electron package prints its own progress ("Downloading Electron binary...") on stdout too.
  const line = (probe.stdout ?? '').split('\n').find((l) => l.startsWith('HEARTH-PROBE '));
  const out = line ? line.slice('HEARTH-PROBE '.length).trim() : '';
  if (out.startsWith('OK ')) {
    const path = out.slice(3);
    if (existsSync(path)) return { path };
    return { reason: `its binary is missing at ${path}` };
  }
  // Its first sentence says enough ("Electron failed to install correctly").
  if (out.startsWith('ERR ')) return { reason: out.slice(4).split('. ')[0].replace(/\.$/, '') };
  return { reason: probe.error ? String(probe.error.message) : 'the electron package did not answer' };
}

const extra = process.argv.slice(2);
const electron = process.env.HEARTH_HEADLESS ? { reason: 'HEARTH_HEADLESS is set' } : electronBinary();
let child;
if (electron.path) {
  child = spawn(electron.path, [root, ...extra], { cwd: root, stdio: 'inherit' });
} else {
  console.log(`Electron's runtime is not available here (${electron.reason}); running Hearth headless instead.`);
  child = spawn(process.execPath, [join(root, 'dist/electron/core/cli.js'), 'serve', ...extra], { cwd: root, stdio: 'inherit' });
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
