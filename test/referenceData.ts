/**
 * The reference data handed to the team (Prometheus's test data, the PromQL conformance
 * files, the bench tools) lies beside the checkout in ../shared, where CI lays it beside the
 * clone; it is not the project's own shared/ source folder. Tests find it from the repository
 * root, never by one machine's absolute path, and skip with the reason when it is absent.
 */

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '..');
export const REFERENCE_DIR = resolve(REPO_ROOT, '..', 'shared');

export interface ReferenceData {
  /** Absolute path of the folder or file. */
  readonly path: string;
  /** Why tests that need it skip, or null when it is there. */
  readonly skip: string | null;
}

/** A folder or file of ../shared, e.g. 'promql-testdata'. */
export function referenceData(rel: string): ReferenceData {
  const path = resolve(REFERENCE_DIR, rel);
  return { path, skip: existsSync(path) ? null : `SKIPPED: ../shared/${rel} (the reference data beside the checkout) is missing` };
}
