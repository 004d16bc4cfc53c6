/**
 * What TSDB._import hands an importer: the series registry and block writer of one write
 * transaction. Its own file so that db.ts (which opens the session) and import.ts (which
 * fills it) both depend on it instead of on each other.
 */

import type { Labels } from '../model/labels.js';

export interface ImportSession {
  seriesId(labels: Labels): number;
  writeBlock(id: number, mint: number, maxt: number, n: number, data: Uint8Array): void;
}
