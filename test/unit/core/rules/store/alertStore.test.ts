import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAlertStore } from '../../../../../electron/core/rules/store/index.js';
import { TSDB } from '../../../../../electron/core/tsdb/index.js';
import { tempDir } from '../../tsdb/helpers.js';
import { transition } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('hearth-alertstoreopen-');
});
afterEach(() => tmp.cleanup());

describe('openAlertStore', () => {
  it('gives the state store and the history reader over the same file, and closes both', () => {
    const db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 });
    const s = openAlertStore(tmp.dir);
    s.state.save('f;g', [], [transition(5, 'f;g', 'A', {}, 'inactive', 'firing')], 5);
    const page = s.history.query({ rules: [], groups: [], states: [], matcherSets: [], startMs: 0, endMs: 10, limit: 5, after: null });
    expect(page.entries.map((e) => `${e.rule} ${e.to}`)).toEqual(['A firing']);
    s.close();
    expect(() => s.state.load()).toThrow(/closed/);
    expect(() => s.history.query({ rules: [], groups: [], states: [], matcherSets: [], startMs: 0, endMs: 10, limit: 5, after: null })).toThrow(/closed/);
    // The TSDB closes after it, as the server does.
    db.close();
  });

  it('needs the TSDB to have made the file', () => {
    expect(() => openAlertStore(join(tmp.dir, 'none'))).toThrow(/does not exist \(the TSDB creates it: open the TSDB first\)/);
  });
});
