/** External labels and alert relabelling, as Prometheus's relabelAlerts. */

import { describe, expect, it } from 'vitest';
import { makeRelabelConfig } from '../../../../../electron/core/config/index.js';
import { Labels } from '../../../../../electron/core/model/labels.js';
import { relabelAlerts, withExternalLabels } from '../../../../../electron/core/notify/alertmanager/relabelAlerts.js';
import type { NotifierAlert } from '../../../../../electron/core/rules/types.js';

const L = (o: Record<string, string>) => Labels.fromObject(o);
const alert = (labels: Record<string, string>): NotifierAlert => ({ labels: L(labels), annotations: L({ s: 'x' }), startsAtMs: 5, endsAtMs: 9, generatorURL: 'g' });

describe('relabelAlerts', () => {
  it('adds external labels the alert lacks; the alert’s own labels win', () => {
    const out = relabelAlerts([alert({ alertname: 'A', env: 'dev' })], [], L({ env: 'prod', region: 'eu' }));
    expect(out[0]!.labels.toObject()).toEqual({ alertname: 'A', env: 'dev', region: 'eu' });
    expect(out[0]!.annotations.toObject()).toEqual({ s: 'x' });
    expect([out[0]!.startsAtMs, out[0]!.endsAtMs, out[0]!.generatorURL]).toEqual([5, 9, 'g']);
  });

  it('relabels after the external labels are in, and drops what the configs drop', () => {
    const cfgs = [
      makeRelabelConfig({ sourceLabels: ['region'], regex: 'eu', targetLabel: 'dc', replacement: 'fra' }),
      makeRelabelConfig({ sourceLabels: ['severity'], regex: 'none', action: 'drop' }),
    ];
    const out = relabelAlerts([alert({ alertname: 'A' }), alert({ alertname: 'B', severity: 'none' })], cfgs, L({ region: 'eu' }));
    expect(out.map((a) => a.labels.toObject())).toEqual([{ alertname: 'A', region: 'eu', dc: 'fra' }]);
  });

  it('never changes its input, and returns it as is when there is nothing to do', () => {
    const input = [alert({ alertname: 'A' })];
    expect(relabelAlerts(input, [], Labels.EMPTY)).toBe(input);
    relabelAlerts(input, [makeRelabelConfig({ targetLabel: 'x', replacement: 'y' })], L({ e: '1' }));
    expect(input[0]!.labels.toObject()).toEqual({ alertname: 'A' });
  });

  it('can drop every alert', () => {
    expect(relabelAlerts([alert({ alertname: 'A' })], [makeRelabelConfig({ sourceLabels: ['alertname'], regex: '.*', action: 'drop' })], Labels.EMPTY)).toEqual([]);
  });
});

describe('withExternalLabels', () => {
  it('merges in name order, before, between and after the alert’s labels, keeping the alert’s values', () => {
    const out = withExternalLabels(L({ b: '1', d: '2' }), L({ a: 'x', b: 'ext', c: 'y', e: 'z' }));
    expect(out.pairs).toEqual(['a', 'x', 'b', '1', 'c', 'y', 'd', '2', 'e', 'z']);
    expect(out.equals(L({ a: 'x', b: '1', c: 'y', d: '2', e: 'z' }))).toBe(true);
  });

  it('returns the same labels when nothing is added', () => {
    const ls = L({ a: '1', b: '2' });
    expect(withExternalLabels(ls, L({ a: 'x' }))).toBe(ls);
    expect(withExternalLabels(ls, Labels.EMPTY)).toBe(ls);
    expect(withExternalLabels(Labels.EMPTY, L({ a: 'x' })).toObject()).toEqual({ a: 'x' });
  });
});
