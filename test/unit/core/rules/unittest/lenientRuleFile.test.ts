/** --ignore-unknown-fields: unknown keys dropped at every level, everything else still checked. */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRuleFileLenient } from '../../../../../electron/core/rules/unittest/lenientRuleFile.js';

function file(text: string): string {
  const p = join(mkdtempSync(join(tmpdir(), 'hearth-lenient-')), 'r.yml');
  writeFileSync(p, text);
  return p;
}

describe('readRuleFileLenient', () => {
  it('drops unknown keys of the file, groups and rules', () => {
    const r = readRuleFileLenient(file('owner: me\ngroups:\n  - name: g\n    namespace: x\n    rules:\n      - record: r\n        expr: up\n        team: y\n'));
    expect(r.errors).toEqual([]);
    expect(r.file?.groups[0]).toMatchObject({ name: 'g', rules: [{ kind: 'recording', record: 'r', expr: 'up' }] });
  });

  it('still refuses what is wrong beyond unknown keys', () => {
    const r = readRuleFileLenient(file('groups:\n  - name: g\n    extra: 1\n    rules:\n      - record: r\n        expr: "up +"\n'));
    expect(r.file).toBeNull();
    expect(r.errors[0]!.message).toMatch(/could not parse expression/);
  });

  it('names a file it cannot read', () => {
    expect(readRuleFileLenient('/nonexistent/r.yml').errors[0]!.message).toMatch(/\/nonexistent\/r\.yml/);
  });
});
