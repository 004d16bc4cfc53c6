/** Relabelling: every action, Prometheus's defaults and Go's template expansion. */

import { describe, expect, it } from 'vitest';
import { Labels } from '../../../../electron/core/model/labels.js';
import { makeRelabelConfig } from '../../../../electron/core/config/index.js';
import { expand, hashMod, relabel } from '../../../../electron/core/scrape/relabel.js';

type Partial = Parameters<typeof makeRelabelConfig>[0];
const L = (o: Record<string, string>) => Labels.fromObject(o);
const run = (input: Record<string, string>, ...cfgs: Partial[]) => {
  const out = relabel(L(input), cfgs.map((c) => makeRelabelConfig(c)));
  return out === null ? null : out.toObject();
};

describe('relabel', () => {
  it('replace with ${1} references', () => {
    expect(run({ host: 'web01', env: 'prod' }, { sourceLabels: ['host'], regex: 'w(.*)', targetLabel: 'short', replacement: 'x${1}-x${1}' })).toEqual({
      host: 'web01',
      env: 'prod',
      short: 'xeb01-xeb01',
    });
  });

  it('joins source labels with the separator, and later steps see earlier results', () => {
    expect(
      run(
        { a: 'cat', b: 'dog' },
        { sourceLabels: ['a', 'b'], regex: 'c(.*);(.*)g', targetLabel: 'a', replacement: 'z${1}${2}z' },
        { sourceLabels: ['b', 'a'], separator: '|', regex: 'd.*\\|z(.*)', targetLabel: 'c', replacement: '<$1>' },
      ),
    ).toEqual({ a: 'zatdoz', b: 'dog', c: '<atdoz>' });
  });

  it('regexes are anchored: a partial match does not count', () => {
    expect(run({ a: 'xfoo' }, { sourceLabels: ['a'], regex: 'foo', action: 'drop' })).toEqual({ a: 'xfoo' });
    expect(run({ a: 'foo' }, { sourceLabels: ['a'], regex: 'f|o', action: 'drop' })).toEqual({ a: 'foo' });
    expect(run({ a: 'foo' }, { sourceLabels: ['a'], regex: 'fo+', action: 'drop' })).toBeNull();
  });

  it('. matches newlines, as in Prometheus 3', () => {
    expect(run({ a: 'one\ntwo' }, { sourceLabels: ['a'], regex: 'one.two', action: 'keep' })).toEqual({ a: 'one\ntwo' });
  });

  it('keep and drop', () => {
    expect(run({ a: 'foo' }, { sourceLabels: ['a'], regex: 'nomatch', action: 'keep' })).toBeNull();
    expect(run({ a: 'foo' }, { sourceLabels: ['a'], regex: 'f.*', action: 'keep' })).toEqual({ a: 'foo' });
    // A drop stops processing: later steps never run.
    expect(run({ a: 'foo' }, { sourceLabels: ['a'], regex: '.*o.*', action: 'drop' }, { targetLabel: 'x', replacement: 'y' })).toBeNull();
    // A missing source label is the empty string.
    expect(run({ a: 'foo' }, { sourceLabels: ['missing'], regex: '', action: 'keep' })).toEqual({ a: 'foo' });
  });

  it('no match means no replacement', () => {
    expect(run({ a: 'boo' }, { sourceLabels: ['a'], regex: 'f', targetLabel: 'b', replacement: 'bar' })).toEqual({ a: 'boo' });
  });

  it('an empty result deletes the target label', () => {
    expect(run({ a: 'x', b: 'keepme' }, { sourceLabels: ['c'], regex: '(.*)', targetLabel: 'b' })).toEqual({ a: 'x' });
  });

  it('the default-regex fast path sets a static value', () => {
    expect(run({ a: 'x' }, { targetLabel: 'env', replacement: 'static' })).toEqual({ a: 'x', env: 'static' });
  });

  it('target label from a group; an invalid (empty) target is skipped', () => {
    expect(run({ tag: 'id-name-value' }, { sourceLabels: ['tag'], regex: 'id-([^-]+)-(.+)', targetLabel: '${1}', replacement: '${2}' })).toEqual({
      tag: 'id-name-value',
      name: 'value',
    });
    expect(run({ tag: 'id-name-value' }, { sourceLabels: ['tag'], regex: 'id-([^-]+)-(.+)', targetLabel: '${3}', replacement: '${1}' })).toEqual({
      tag: 'id-name-value',
    });
    // A replacement naming a group that does not exist expands to '' and deletes nothing else.
    expect(run({ tag: 'id-name-value' }, { sourceLabels: ['tag'], regex: 'id-([^-]+)-(.+)', targetLabel: '${1}', replacement: '${9}' })).toEqual({
      tag: 'id-name-value',
    });
  });

  it('a real-life tag string split into labels', () => {
    const tags = 'path:/private,job:my-job,label:zone=eu';
    expect(
      run(
        { __meta_tags: tags },
        { sourceLabels: ['__meta_tags'], regex: '(?:.+,|^)path:(/[^,]+).*', targetLabel: '__metrics_path__', replacement: '${1}' },
        { sourceLabels: ['__meta_tags'], regex: '(?:.+,|^)job:([^,]+).*', targetLabel: 'job', replacement: '${1}' },
        { sourceLabels: ['__meta_tags'], regex: '(?:.+,|^)label:([^=]+)=([^,]+).*', targetLabel: '${1}', replacement: '${2}' },
      ),
    ).toEqual({ __meta_tags: tags, __metrics_path__: '/private', job: 'my-job', zone: 'eu' });
  });

  it('named groups, $name and ${name}', () => {
    expect(run({ a: 'k=v' }, { sourceLabels: ['a'], regex: '(?P<key>[^=]+)=(?P<val>.*)', targetLabel: '$key', replacement: '${val}!' })).toEqual({
      a: 'k=v',
      k: 'v!',
    });
  });

  it('hashmod is the md5-based modulus Prometheus computes', () => {
    // Values Prometheus's own tests expect.
    expect(hashMod('baz', 1000)).toBe('976');
    expect(hashMod('foo\nbar', 1000)).toBe('734');
    expect(run({ c: 'baz' }, { sourceLabels: ['c'], targetLabel: 'shard', modulus: 1000, action: 'hashmod' })).toEqual({ c: 'baz', shard: '976' });
    expect(hashMod('baz', 1)).toBe('0');
  });

  it('labelmap copies matching names through the replacement', () => {
    expect(run({ a: 'foo', b1: 'bar', b2: 'baz' }, { regex: '(b.*)', replacement: 'copy_${1}', action: 'labelmap' })).toEqual({
      a: 'foo',
      b1: 'bar',
      b2: 'baz',
      copy_b1: 'bar',
      copy_b2: 'baz',
    });
    expect(run({ __meta_x_one: '1', __meta_x_two: '2', __meta_y: '3' }, { regex: '__meta_(x.*)', replacement: '$1', action: 'labelmap' })).toEqual({
      __meta_x_one: '1',
      __meta_x_two: '2',
      __meta_y: '3',
      x_one: '1',
      x_two: '2',
    });
  });

  it('labelkeep and labeldrop', () => {
    expect(run({ a: 'foo', b1: 'bar', b2: 'baz' }, { regex: 'b.*', action: 'labelkeep' })).toEqual({ b1: 'bar', b2: 'baz' });
    expect(run({ a: 'foo', b1: 'bar', b2: 'baz' }, { regex: 'b.*', action: 'labeldrop' })).toEqual({ a: 'foo' });
  });

  it('a label dropped then set again survives (Prometheus issue 12283)', () => {
    expect(
      run(
        { __port_name: 'foo', __annotation_port: '9091' },
        { regex: '__port_name', action: 'labeldrop' },
        { sourceLabels: ['__annotation_port'], regex: '(.+)', targetLabel: '__port_name', replacement: 'metrics' },
        { sourceLabels: ['__port_name'], regex: 'metrics', action: 'keep' },
      ),
    ).toEqual({ __annotation_port: '9091', __port_name: 'metrics' });
  });

  it('lowercase and uppercase', () => {
    expect(
      run(
        { foo: 'bAr123Foo' },
        { sourceLabels: ['foo'], targetLabel: 'up', action: 'uppercase' },
        { sourceLabels: ['foo'], targetLabel: 'down', action: 'lowercase' },
      ),
    ).toEqual({ foo: 'bAr123Foo', up: 'BAR123FOO', down: 'bar123foo' });
  });

  it('keepequal and dropequal compare the joined sources to the target label', () => {
    const input = { __tmp_port: '1234', __port1: '1234', __port2: '5678' };
    expect(run(input, { sourceLabels: ['__tmp_port'], targetLabel: '__port1', action: 'keepequal' })).toEqual(input);
    expect(run(input, { sourceLabels: ['__tmp_port'], targetLabel: '__port2', action: 'keepequal' })).toBeNull();
    expect(run(input, { sourceLabels: ['__tmp_port'], targetLabel: '__port1', action: 'dropequal' })).toBeNull();
    expect(run(input, { sourceLabels: ['__tmp_port'], targetLabel: '__port2', action: 'dropequal' })).toEqual(input);
  });

  it('no configs returns the same labels; input is never modified', () => {
    const input = L({ a: '1' });
    expect(relabel(input, [])).toBe(input);
    relabel(input, [makeRelabelConfig({ targetLabel: 'b', replacement: 'x' })]);
    expect(input.toObject()).toEqual({ a: '1' });
  });
});

describe('expand (Go regexp.Expand)', () => {
  const m = /^(?<word>a+)(b*)(c?)$/su.exec('aabb')!;
  it.each([
    ['$1', 'aa'],
    ['${1}x', 'aax'],
    ['$1x', ''], // the name is "1x": no such group
    ['$$1', '$1'],
    ['$word-$2', 'aa-bb'],
    ['${word}', 'aa'],
    ['$3|', '|'],
    ['$9', ''],
    ['$', '$'],
    ['${', '${'],
    ['${}', '${}'],
    ['a$-b', 'a$-b'],
    ['$01', ''],
    ['no refs', 'no refs'],
  ])('%s → %s', (tpl, want) => {
    expect(expand(tpl, m)).toBe(want);
  });
});

describe('validation (makeRelabelConfig)', () => {
  it.each([
    [{ action: 'replace' as const }, "relabel configuration for replace action requires 'target_label' value"],
    [{ action: 'lowercase' as const }, "relabel configuration for lowercase action requires 'target_label' value"],
    [{ action: 'lowercase' as const, targetLabel: '${3}' }, ''],
    [{ sourceLabels: ['a'], regex: 'x-(.*)', targetLabel: '${3}' }, ''],
    [{ action: 'hashmod' as const, targetLabel: 't' }, 'relabel configuration for hashmod requires non-zero modulus'],
    [{ action: 'labeldrop' as const, targetLabel: 't' }, "labeldrop action requires only 'regex', and no other fields"],
    [{ action: 'keepequal' as const, targetLabel: 't', regex: 'x' }, "keepequal action requires only 'source_labels' and `target_label`, and no other fields"],
    [{ action: 'uppercase' as const, targetLabel: 't', replacement: 'r' }, "'replacement' can not be set for uppercase action"],
  ])('%j', (cfg, msg) => {
    if (msg === '') expect(() => makeRelabelConfig(cfg)).not.toThrow();
    else expect(() => makeRelabelConfig(cfg)).toThrow(msg);
  });

  it('legacy names: target label templates must look like label names', () => {
    const legacy = (targetLabel: string) => () => makeRelabelConfig({ sourceLabels: ['a'], targetLabel }, 'legacy');
    for (const ok of ['label', 'label${1}', '${1}label', '${1}', '$1', 'asd$2asd', '_${1}_', 'foo${bar}foo']) expect(legacy(ok), ok).not.toThrow();
    for (const bad of ['-label', '-foo${1}bar-', '0${3}', '-${3}']) expect(legacy(bad), bad).toThrow("is invalid 'target_label' for replace action");
  });
});
