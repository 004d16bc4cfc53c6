/**
 * Where a group's evaluations fall: Prometheus spreads groups over their interval by a hash of
 * the group key (labels {file, name}, xxHash64), so that many groups with one interval do not
 * all evaluate at the same instant, and the slots stay put across restarts.
 */

import { Labels } from '../model/labels.js';
import { labelsHash } from '../promql/eval/hash.js';

const NS_PER_MS = 1_000_000n;

/** The group's offset within its interval, ns (Prometheus's hash % interval). */
export function groupOffsetNs(file: string, name: string, intervalMs: number): bigint {
  return labelsHash(Labels.fromObject({ name, file })) % (BigInt(intervalMs) * NS_PER_MS);
}

/** The slot at or before `nowMs` (Prometheus's Group.EvalTimestamp), ms. */
export function groupEvalTimestamp(file: string, name: string, intervalMs: number, nowMs: number): number {
  const interval = BigInt(intervalMs) * NS_PER_MS;
  const offset = groupOffsetNs(file, name, intervalMs);
  const adj = BigInt(Math.trunc(nowMs)) * NS_PER_MS - offset;
  let rem = adj % interval;
  if (rem < 0n) rem += interval;
  return Number((adj - rem + offset) / NS_PER_MS);
}
