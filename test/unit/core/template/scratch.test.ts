import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { test } from 'vitest';
import { parseTemplate } from '../../../../electron/core/template/index.js';
const T: string[] = JSON.parse(process.env.TMPLS ?? '[]');
test('scratch', async () => {
  writeFileSync('/tmp/scratch/e.tmpl', '');
  for (const t of T) {
    let go: string;
    try { go = execFileSync('/usr/bin/amtool', ['template', 'render', '--template.glob=/tmp/scratch/e.tmpl', `--template.text=${t}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }); }
    catch (e) { go = 'ERR ' + String((e as { stderr?: string }).stderr).replace(/^amtool: error: /, '').trimEnd(); }
    let ours: string;
    try { ours = await parseTemplate('', t).execute(null); } catch (e) { ours = 'ERR ' + (e as Error).message; }
    console.log((go === ours ? 'SAME ' : 'DIFF ') + JSON.stringify(t) + '\n   go: ' + JSON.stringify(go) + (go === ours ? '' : '\n   us: ' + JSON.stringify(ours)));
  }
});
