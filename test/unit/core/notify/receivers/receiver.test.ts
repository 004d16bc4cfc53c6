import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { authHeaders, readSecret, redact, truncateAlerts, truncateBytes, truncateRunes } from '../../../../../electron/core/notify/receivers/receiver.js';

describe('truncation', () => {
  it('keeps the first maxAlerts alerts and counts the rest; 0 keeps all', () => {
    expect(truncateAlerts(2, [1, 2, 3, 4])).toEqual({ alerts: [1, 2], truncated: 2 });
    expect(truncateAlerts(0, [1, 2, 3])).toEqual({ alerts: [1, 2, 3], truncated: 0 });
    expect(truncateAlerts(5, [1])).toEqual({ alerts: [1], truncated: 0 });
  });

  it('cuts in runes with an ellipsis, never splitting a surrogate pair', () => {
    expect(truncateRunes('abcdef', 6)).toEqual({ text: 'abcdef', truncated: false });
    expect(truncateRunes('abcdefg', 6)).toEqual({ text: 'abcde…', truncated: true });
    expect(truncateRunes('😀😀😀😀😀', 4)).toEqual({ text: '😀😀😀…', truncated: true });
  });

  it('cuts in bytes at a character boundary with an ellipsis', () => {
    const r = truncateBytes('ééééé', 8);
    expect(r.truncated).toBe(true);
    expect(new TextEncoder().encode(r.text).length).toBeLessThanOrEqual(8);
    expect(r.text).toBe('éé…');
    expect(truncateBytes('abc', 3)).toEqual({ text: 'abc', truncated: false });
  });
});

describe('secrets', () => {
  it('reads inline first, then a file (trimmed), and names the field when it cannot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-secret-'));
    writeFileSync(join(dir, 'tok'), 'from-file\n');
    expect(await readSecret({ value: 'inline', file: join(dir, 'tok') }, 'token')).toBe('inline');
    expect(await readSecret({ file: join(dir, 'tok') }, 'token')).toBe('from-file');
    await expect(readSecret({}, 'bot_token')).rejects.toThrow('bot_token is missing');
    await expect(readSecret({ file: join(dir, 'none') }, 'token')).rejects.toThrow(`reading token from ${join(dir, 'none')}: ENOENT`);
  });

  it('redacts a secret and its URL-encoded form, but not tiny strings', () => {
    expect(redact('bad token a/b+c=d in a%2Fb%2Bc%3Dd', ['a/b+c=d'])).toBe('bad token <secret> in <secret>');
    expect(redact('abc', ['ab'])).toBe('abc');
  });

  it('builds bearer and basic authorization from http_config', async () => {
    expect(await authHeaders({ authorization: { credentials: 'tok12345' } })).toEqual({ headers: { Authorization: 'Bearer tok12345' }, secrets: ['tok12345'] });
    const basic = await authHeaders({ basicAuth: { username: 'u', password: 'p4ssword' } });
    expect(basic.headers['Authorization']).toBe('Basic ' + Buffer.from('u:p4ssword').toString('base64'));
    expect(basic.secrets).toContain('p4ssword');
    expect(await authHeaders(undefined)).toEqual({ headers: {}, secrets: [] });
  });
});
