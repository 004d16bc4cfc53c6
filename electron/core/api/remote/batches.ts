/**
 * An appender that commits every COMMIT_STEP samples. The TSDB commits a batch in one
 * synchronous step (about half a second for a million samples), which would hold the event
 * loop; bounded batches keep each commit short, with the loop given back between them.
 * Requests of at most COMMIT_STEP samples (every ordinary sender's) stay one atomic batch.
 */

import type { Labels } from '../../model/labels.js';
import type { Appendable, Appender } from '../../storage/interface.js';

export const COMMIT_STEP = 10_000;

export class BatchedAppender {
  private app: Appender;
  private pending = 0;
  /** Samples in batches already committed. */
  committed = 0;

  constructor(
    private readonly appendable: Appendable,
    private readonly step = COMMIT_STEP,
  ) {
    this.app = appendable.appender();
  }

  append(ref: number, labels: Labels, t: number, v: number, stale: boolean): number {
    const r = stale ? this.app.appendStale(ref, labels, t) : this.app.append(ref, labels, t, v);
    this.pending++;
    return r;
  }

  /** Commits the batch when it is full; true when it did (the caller yields then). */
  flushIfFull(): boolean {
    if (this.pending < this.step) return false;
    this.commit();
    this.app = this.appendable.appender();
    return true;
  }

  commit(): void {
    this.app.commit();
    this.committed += this.pending;
    this.pending = 0;
  }

  rollback(): void {
    this.app.rollback();
    this.pending = 0;
  }
}
