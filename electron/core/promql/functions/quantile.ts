/**
 * Quantile helpers: the φ-quantile of a set of floats (quantile, quantile_over_time,
 * mad_over_time), and quantiles / fractions estimated from classic histogram buckets
 * (histogram_quantile, histogram_quantiles, histogram_fraction), with Prometheus's rules.
 */

/** NaN sorts below every number, as in Prometheus's vectorByValueHeap. */
function compareNaNFirst(a: number, b: number): number {
  const an = a !== a;
  const bn = b !== b;
  if (an || bn) return an && bn ? 0 : an ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The q-quantile of values[0..n) with linear interpolation between closest ranks.
 * Sorts the given array range in place. NaN for n = 0 or q = NaN, ±Inf for q out of [0,1].
 */
export function quantileOf(q: number, values: Float64Array, n: number): number {
  if (n === 0 || q !== q) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const arr = values.subarray(0, n);
  arr.sort(compareNaNFirst);
  const rank = q * (n - 1);
  const lowerIndex = Math.max(0, Math.floor(rank));
  const upperIndex = Math.min(n - 1, lowerIndex + 1);
  const weight = rank - Math.floor(rank);
  return arr[lowerIndex]! * (1 - weight) + arr[upperIndex]! * weight;
}

/** Classic histogram buckets: upper bounds and cumulative counts, parallel arrays. */
export interface Buckets {
  upper: number[];
  count: number[];
}

export interface BucketQuantileResult {
  value: number;
  forcedMonotonic: boolean;
}

function sortBuckets(b: Buckets): void {
  const idx = b.upper.map((_, i) => i);
  idx.sort((x, y) => b.upper[x]! - b.upper[y]!);
  const u = idx.map((i) => b.upper[i]!);
  const c = idx.map((i) => b.count[i]!);
  b.upper = u;
  b.count = c;
}

/** Merges buckets with the same upper bound (the input must be sorted). */
function coalesce(b: Buckets): void {
  const u: number[] = [];
  const c: number[] = [];
  for (let i = 0; i < b.upper.length; i++) {
    if (u.length > 0 && u[u.length - 1] === b.upper[i]) c[c.length - 1]! += b.count[i]!;
    else {
      u.push(b.upper[i]!);
      c.push(b.count[i]!);
    }
  }
  b.upper = u;
  b.count = c;
}

/** Irons out float precision noise that would break monotonicity. */
function correctPrecisionErrors(counts: number[], tolerance: number): void {
  let prev = counts[0]!;
  for (let i = 1; i < counts.length; i++) {
    const curr = counts[i]!;
    const delta = Math.abs(curr - prev);
    if (delta === 0) continue;
    if (delta / curr <= tolerance) counts[i] = prev;
    else prev = curr;
  }
}

/** Replaces decreases in cumulative counts by the running maximum; true when it had to. */
function ensureMonotonic(counts: number[]): boolean {
  let forced = false;
  let max = counts[0]!;
  for (let i = 1; i < counts.length; i++) {
    const c = counts[i]!;
    if (c > max) max = c;
    else if (c < max) {
      counts[i] = max;
      forced = true;
    }
  }
  return forced;
}

/**
 * Prometheus's bucketQuantile: linear interpolation inside the bucket holding the rank,
 * a natural lower bound of 0 for a positive lowest bucket, the second-highest upper bound
 * for the +Inf bucket. NaN without a +Inf bucket, with < 2 buckets or without observations.
 */
export function bucketQuantile(q: number, b: Buckets): BucketQuantileResult {
  if (q !== q) return { value: NaN, forcedMonotonic: false };
  if (q < 0) return { value: -Infinity, forcedMonotonic: false };
  if (q > 1) return { value: Infinity, forcedMonotonic: false };
  sortBuckets(b);
  if (b.upper.length === 0 || b.upper[b.upper.length - 1] !== Infinity) return { value: NaN, forcedMonotonic: false };
  coalesce(b);
  correctPrecisionErrors(b.count, 1e-12);
  const forced = ensureMonotonic(b.count);
  const n = b.upper.length;
  if (n < 2) return { value: NaN, forcedMonotonic: false };
  const observations = b.count[n - 1]!;
  if (observations === 0) return { value: NaN, forcedMonotonic: false };
  let rank = q * observations;
  // First bucket (among all but the last) whose count reaches the rank.
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (b.count[mid]! >= rank) hi = mid;
    else lo = mid + 1;
  }
  const idx = lo;
  if (idx === n - 1) return { value: b.upper[n - 2]!, forcedMonotonic: forced };
  if (idx === 0 && b.upper[0]! <= 0) return { value: b.upper[0]!, forcedMonotonic: forced };
  let bucketStart = 0;
  const bucketEnd = b.upper[idx]!;
  let count = b.count[idx]!;
  if (idx > 0) {
    bucketStart = b.upper[idx - 1]!;
    count -= b.count[idx - 1]!;
    rank -= b.count[idx - 1]!;
  }
  return { value: bucketStart + (bucketEnd - bucketStart) * (rank / count), forcedMonotonic: forced };
}

/**
 * The fraction of observations between lower and upper, from classic buckets (the inverse
 * of bucketQuantile). Inside a bucket the observations are assumed evenly spread; inside a
 * bucket of infinite width they are assumed to sit at its finite boundary. The lowest
 * bucket starts at 0 when its upper bound is positive, else at -Inf.
 */
export function bucketFraction(lower: number, upper: number, b: Buckets): number {
  sortBuckets(b);
  if (b.upper.length === 0 || b.upper[b.upper.length - 1] !== Infinity) return NaN;
  coalesce(b);
  correctPrecisionErrors(b.count, 1e-12);
  ensureMonotonic(b.count);
  const n = b.upper.length;
  const total = b.count[n - 1]!;
  if (total === 0 || lower !== lower || upper !== upper) return NaN;
  if (lower >= upper) return 0;
  const rankAt = (x: number): number => {
    let prevUpper = b.upper[0]! > 0 ? 0 : -Infinity;
    let prevCount = 0;
    for (let i = 0; i < n; i++) {
      const bu = b.upper[i]!;
      const bc = b.count[i]!;
      const bl = i === 0 ? prevUpper : b.upper[i - 1]!;
      if (i > 0) prevCount = b.count[i - 1]!;
      if (x <= bl) return prevCount;
      if (x < bu) {
        const inBucket = bc - prevCount;
        if (bl === -Infinity) return bc;
        if (bu === Infinity) return prevCount;
        return prevCount + (inBucket * (x - bl)) / (bu - bl);
      }
      if (x === bu) return bc;
    }
    return total;
  };
  const lowerRank = lower === -Infinity ? 0 : rankAt(lower);
  const upperRank = upper === Infinity ? total : rankAt(upper);
  return (Math.min(upperRank, total) - Math.min(lowerRank, total)) / total;
}
