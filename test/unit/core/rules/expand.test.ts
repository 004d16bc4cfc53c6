import { describe, expect, it } from 'vitest';
import { nopLogger } from '../../../../electron/core/log.js';
import { expandAlertText } from '../../../../electron/core/rules/expand.js';

const data = { labels: { instance: 'a' }, externalLabels: { site: 'lab' }, externalURL: 'http://h', value: 2 };
const noQuery = async () => [];

describe('expandAlertText', () => {
  it('returns text without actions unchanged', async () => {
    expect(await expandAlertText('__alert_A', 'plain text', data, 0, noQuery, nopLogger)).toBe('plain text');
  });

  it('never rejects', async () => {
    await expect(expandAlertText('__alert_A', '{{ $labels.instance }}', data, 0, noQuery, nopLogger)).resolves.toBeTypeOf('string');
  });
});
