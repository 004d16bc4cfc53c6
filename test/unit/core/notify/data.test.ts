import { describe, expect, it } from 'vitest';
import { Labels } from '../../../../electron/core/model/labels.js';
import { fingerprint, groupStatus, NotifyAlert } from '../../../../electron/core/notify/data.js';

function alert(labels: Record<string, string>, endsAtMs = 0): NotifyAlert {
  return new NotifyAlert({ labels: Labels.fromObject(labels), annotations: Labels.EMPTY, startsAtMs: 1000, endsAtMs, generatorURL: '', updatedAtMs: 1000, timeout: false });
}

describe('fingerprint', () => {
  it('is FNV-1a 64 of nothing for the empty set', () => {
    expect(fingerprint(Labels.EMPTY)).toBe('cbf29ce484222325');
  });

  // Values read from Alertmanager 0.25's /api/v2/alerts for the same label sets.
  it("agrees with Alertmanager's fingerprints", () => {
    expect(fingerprint(Labels.fromObject({ alertname: 'HighCPU', instance: 'host:9100', job: 'node' }))).toBe('f9c4f59506be9984');
    expect(fingerprint(Labels.fromObject({ alertname: 'Ünïcode', zone: 'é✓' }))).toBe('eea43dd8b4aa1fe5');
  });

  it('does not depend on the order labels were given in', () => {
    expect(alert({ b: '1', a: '2' }).fingerprint()).toBe(alert({ a: '2', b: '1' }).fingerprint());
    expect(alert({ a: '1' }).fingerprint()).not.toBe(alert({ a: '2' }).fingerprint());
  });

  it('keeps name and value apart with the separator', () => {
    expect(fingerprint(Labels.fromObject({ ab: 'c' }))).not.toBe(fingerprint(Labels.fromObject({ a: 'bc' })));
  });
});

describe('resolved', () => {
  it('is false with no end time, true once the end time is not after now', () => {
    expect(alert({ a: '1' }, 0).resolved(5000)).toBe(false);
    expect(alert({ a: '1' }, 6000).resolved(5000)).toBe(false);
    expect(alert({ a: '1' }, 5000).resolved(5000)).toBe(true);
    expect(alert({ a: '1' }, 4000).resolved(5000)).toBe(true);
  });

  it('makes a group firing while any alert is', () => {
    expect(groupStatus([alert({ a: '1' }, 4000), alert({ a: '2' })], 5000)).toBe('firing');
    expect(groupStatus([alert({ a: '1' }, 4000), alert({ a: '2' }, 3000)], 5000)).toBe('resolved');
  });
});
