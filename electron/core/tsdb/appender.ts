/**
 * The Appender handed to scrapes and rule groups: validates each sample against the
 * committed head and the batch so far (throwing Prometheus's errors, counted), buffers the
 * batch in typed columns, and gives it to the head on commit().
 */

import type { Labels } from '../model/labels.js';
import { StorageError } from '../storage/errors.js';
import type { Appender, SeriesRef } from '../storage/interface.js';
import { SampleColumns } from './columns.js';
import type { Head } from './head.js';

const f = new Float64Array(2);
const u = new Uint32Array(f.buffer);

export class HeadAppender implements Appender {
  private readonly cols: SampleColumns;
  /** Series first seen in this batch, by the id reserved for them. */
  private readonly newSeries = new Map<number, Labels>();
  private readonly newByKey = new Map<string, number>();
  private readonly minValid: number;
  /** Tags this batch's entries in the head's per-series batch scratch (newest t, value). */
  private readonly serial: number;
  private done = false;

  constructor(private readonly head: Head) {
    this.minValid = head.minValidTime();
    this.cols = head.takeColumns();
    this.serial = head.nextAppenderSerial();
  }

  append(ref: SeriesRef, labels: Labels, t: number, v: number): SeriesRef {
    return this.add(ref, labels, t, v, false);
  }

  appendStale(ref: SeriesRef, labels: Labels, t: number): SeriesRef {
    return this.add(ref, labels, t, NaN, true);
  }

  private add(ref: SeriesRef, labels: Labels, t: number, v: number, stale: boolean): SeriesRef {
    if (this.done) throw new Error('appender already committed or rolled back');
    if (!Number.isSafeInteger(t)) throw new StorageError('out_of_bounds', `timestamp ${t} is not an integer number of milliseconds`);
    const head = this.head;
    let id = head.resolve(ref, labels);
    if (id === 0) {
      if (labels.size === 0) throw new Error('cannot append a sample without labels');
      const k = this.newByKey.get(labels.key);
      if (k === undefined) {
        id = head.reserveId();
        this.newSeries.set(id, labels);
        this.newByKey.set(labels.key, id);
      } else id = k;
    }
    const sc = head.batchScratch;
    const mine = sc.owner[id] === this.serial;
    const committed = head.lastT(id);
    const inBatchT = mine ? sc.t[id]! : -Infinity;
    const last = inBatchT > committed ? inBatchT : committed;
    if (t <= last) {
      if (t === last) {
        const same =
          inBatchT === t
            ? sc.stale[id] === 1 || stale
              ? (sc.stale[id] === 1) === stale
              : sameBits(sc.v[id]!, v)
            : head.sameAsLast(id, v, stale);
        if (same) return id; // Prometheus drops an identical repeat silently.
        head.counters.duplicate++;
        throw new StorageError('duplicate_sample');
      }
      const window = head.oooWindow;
      if (window > 0) {
        if (t < head.maxTime - window) {
          head.counters.tooOld++;
          throw new StorageError('too_old');
        }
        // Accepted out of order: written as its own chunk at commit.
      } else {
        head.counters.outOfOrder++;
        throw new StorageError('out_of_order');
      }
    } else if (t < this.minValid) {
      if (head.oooWindow > 0 && t >= head.maxTime - head.oooWindow) {
        // Within the out-of-order window: fine.
      } else if (head.oooWindow > 0) {
        head.counters.tooOld++;
        throw new StorageError('too_old');
      } else {
        head.counters.outOfBounds++;
        throw new StorageError('out_of_bounds');
      }
    }
    f[0] = stale ? NaN : v;
    this.cols.push(id, t, u[0]!, u[1]!, stale);
    if (!mine || t > inBatchT) {
      sc.owner[id] = this.serial;
      sc.t[id] = t;
      sc.v[id] = v;
      sc.stale[id] = stale ? 1 : 0;
    }
    return id;
  }

  commit(): void {
    if (this.done) throw new Error('appender already committed or rolled back');
    this.done = true;
    try {
      this.head.commit({ cols: this.cols, newSeries: this.newSeries });
    } finally {
      this.head.returnColumns(this.cols);
    }
  }

  rollback(): void {
    if (this.done) return;
    this.done = true;
    this.head.returnColumns(this.cols);
  }
}

function sameBits(a: number, b: number): boolean {
  f[0] = a;
  f[1] = b;
  return u[0] === u[2] && u[1] === u[3];
}
