/**
 * Storage errors, worded as Prometheus's storage package words them, so that logs, scrape
 * errors and API responses read the same.
 */

export type StorageErrorKind = 'out_of_order' | 'duplicate_sample' | 'out_of_bounds' | 'too_old' | 'io';

const MESSAGES: Record<StorageErrorKind, string> = {
  out_of_order: 'out of order sample',
  duplicate_sample: 'duplicate sample for timestamp',
  out_of_bounds: 'out of bounds',
  too_old: 'too old sample',
  io: 'storage I/O error',
};

export class StorageError extends Error {
  constructor(
    readonly kind: StorageErrorKind,
    detail?: string,
  ) {
    super(detail ? `${MESSAGES[kind]}: ${detail}` : MESSAGES[kind]);
    this.name = 'StorageError';
  }
}
