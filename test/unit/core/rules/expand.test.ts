import { describe, expect, it } from 'vitest';
import { nopLogger } from '../../../../electron/core/log.js';
import { Labels } from '../../../../electron/core/model/labels.js';
import { expandAlertText } from '../../../../electron/core/rules/expand.js';

const data = { labels: { instance: 'a:9100', job: 'node' }, externalLabels: { site: 'lab' }, externalURL: 'http://h:9190', value: 0.25 };
const noQuery = async () => [];

describe('expandAlertText', () => {
  it('returns text without actions unchanged', async () => {
    expect(await expandAlertText('__alert_A', 'plain text', data, 0, noQuery, nopLogger)).toBe('plain text');
  });

  it('gives templates $labels, $value, $externalLabels and $externalURL', async () => {
    const text = '{{ $labels.instance }} of {{ $labels.job }} at {{ $value }} ({{ humanizePercentage $value }}) in {{ $externalLabels.site }}, see {{ $externalURL }}';
    expect(await expandAlertText('__alert_A', text, data, 0, noQuery, nopLogger)).toBe('a:9100 of node at 0.25 (25%) in lab, see http://h:9190');
  });

  it('answers template queries at the evaluation time', async () => {
    const calls: number[] = [];
    const query = async (_e: string, t: number) => {
      calls.push(t);
      return [{ labels: Labels.fromObject({ x: '1' }), t, v: 42 }];
    };
    expect(await expandAlertText('__alert_A', '{{ with query "up" }}{{ . | first | value }}{{ end }}', data, 5000, query, nopLogger)).toBe('42');
    expect(calls).toEqual([5000]);
  });

  it('turns an error into Prometheus\'s <error expanding template: …> text', async () => {
    const out = await expandAlertText('__alert_A', '{{ nosuchfunc }}', data, 0, noQuery, nopLogger);
    expect(out).toMatch(/^<error expanding template: error parsing template __alert_A: .*function "nosuchfunc" not defined>$/);
  });
});
