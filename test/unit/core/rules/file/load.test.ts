/** loadRuleFiles: rule_files patterns to parsed files, as Prometheus's rule manager resolves them. */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRuleFiles, readRuleFile, resolveRuleFiles } from '../../../../../electron/core/rules/file/index.js';
import { referenceData } from '../../../../referenceData.js';

const FIXTURES = referenceData('prometheus-testdata/rules/fixtures');

const GOOD = (name: string): string => `groups:\n- name: ${name}\n  rules:\n  - record: r_${name}\n    expr: "1"\n`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-rulefiles-'));
  fs.writeFileSync(path.join(dir, 'b.yml'), GOOD('b'));
  fs.writeFileSync(path.join(dir, 'a.yml'), GOOD('a'));
  fs.writeFileSync(path.join(dir, 'c.yaml'), GOOD('c'));
  fs.writeFileSync(path.join(dir, 'bad.rules'), 'groups:\n- name: x\n  oops: 1\n');
  fs.writeFileSync(path.join(dir, 'latin1.rules'), Buffer.from('groups:\n- name: caf\xe9\n', 'latin1'));
  fs.mkdirSync(path.join(dir, 'dir.yml'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('loadRuleFiles', () => {
  it('globs each pattern (matches sorted) in pattern order', () => {
    const r = loadRuleFiles([path.join(dir, 'c.yaml'), path.join(dir, '[ab].yml')]);
    expect(r.errors).toEqual([]);
    expect(r.files.map((f) => path.basename(f.path))).toEqual(['c.yaml', 'a.yml', 'b.yml']);
    expect(r.files[1]!.groups[0]!.file).toBe(path.join(dir, 'a.yml'));
  });

  it('loads a file matched twice (or spelt two ways) once', () => {
    const r = loadRuleFiles([path.join(dir, '*.yml'), path.join(dir, 'a.yml'), path.join(dir, '.', 'b.yml'), `${dir}/./a.yml`]);
    expect(r.files.map((f) => path.basename(f.path))).toEqual(['a.yml', 'b.yml']);
  });

  it('a pattern or a file name that matches nothing adds nothing and is no error', () => {
    expect(loadRuleFiles([path.join(dir, '*.none'), path.join(dir, 'missing.yml')])).toEqual({ files: [], errors: [], warnings: [] });
    expect(loadRuleFiles([])).toEqual({ files: [], errors: [], warnings: [] });
  });

  it('keeps the good files and reports every error of the bad ones', () => {
    const r = loadRuleFiles([path.join(dir, '*.rules'), path.join(dir, 'a.yml')]);
    expect(r.files.map((f) => path.basename(f.path))).toEqual(['a.yml']);
    expect(r.errors.map((e) => e.message)).toEqual([
      `${path.join(dir, 'bad.rules')}: 3:3: field oops not found in type rulefmt.RuleGroup`,
      `${path.join(dir, 'latin1.rules')}: 2:12: yaml: invalid UTF-8 in the file`,
    ]);
  });

  it('reports a malformed pattern and a file that cannot be read', () => {
    const r = loadRuleFiles([path.join(dir, '[a.yml'), path.join(dir, 'dir.yml')]);
    expect(r.files).toEqual([]);
    expect(r.errors.map((e) => [e.kind, e.message])).toEqual([
      ['io', `${path.join(dir, '[a.yml')}: invalid rule file pattern: syntax error in pattern`],
      ['io', `${path.join(dir, 'dir.yml')}: read ${path.join(dir, 'dir.yml')}: is a directory`],
    ]);
  });
});

describe('resolveRuleFiles and readRuleFile', () => {
  it('resolve without reading', () => {
    expect(resolveRuleFiles([path.join(dir, '?.yml')]).map((f) => path.basename(f))).toEqual(['a.yml', 'b.yml']);
  });

  it('a missing file read directly is an error naming it', () => {
    const f = path.join(dir, 'nope.yml');
    expect(readRuleFile(f).errors.map((e) => e.message)).toEqual([`${f}: open ${f}: no such file or directory`]);
  });
});

describe.skipIf(FIXTURES.skip !== null)(FIXTURES.skip ?? "Prometheus's rules/fixtures through rule_files globs", () => {
  it('loads every good fixture and refuses only invalid_rules.yaml', () => {
    const r = loadRuleFiles([path.join(FIXTURES.path, '*.yaml'), path.join(FIXTURES.path, 'rules.yaml')]);
    expect(r.errors.map((e) => e.message)).toEqual([
      `${path.join(FIXTURES.path, 'invalid_rules.yaml')}: 6:9: field unexpected_field not found in type rulefmt.Rule`,
    ]);
    const names = r.files.map((f) => path.basename(f.path));
    expect(names).toHaveLength(fs.readdirSync(FIXTURES.path).filter((f) => f.endsWith('.yaml')).length - 1);
    expect(names.filter((n) => n === 'rules.yaml')).toHaveLength(1);
    expect(r.warnings).toEqual([`${path.join(FIXTURES.path, 'rules_multi_doc.yaml')}: the file holds 2 YAML documents: only the first is read`]);
    const multiple = r.files.find((f) => f.path.endsWith('rules_multiple_groups.yaml'))!;
    expect(multiple.groups.map((g) => [g.name, g.rules.length])).toEqual([
      ['http', 5],
      ['grpc', 5],
    ]);
  });
});
