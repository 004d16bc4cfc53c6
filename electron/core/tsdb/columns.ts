/** Growable typed-array columns indexed by series id, for the writer's per-series state. */

export class F64Column {
  a: Float64Array;
  constructor(
    n: number,
    private readonly fill: number,
  ) {
    this.a = new Float64Array(n).fill(fill);
  }
  ensure(n: number): void {
    if (n <= this.a.length) return;
    let cap = this.a.length * 2;
    while (cap < n) cap *= 2;
    const na = new Float64Array(cap).fill(this.fill);
    na.set(this.a);
    this.a = na;
  }
}

export class I32Column {
  a: Int32Array;
  constructor(n: number) {
    this.a = new Int32Array(n);
  }
  ensure(n: number): void {
    if (n <= this.a.length) return;
    let cap = this.a.length * 2;
    while (cap < n) cap *= 2;
    const na = new Int32Array(cap);
    na.set(this.a);
    this.a = na;
  }
}

/** Columns of samples (series id, t, v, stale) for a batch being built. */
export class SampleColumns {
  ids: Int32Array;
  t: Float64Array;
  v: Float64Array;
  vb: Uint32Array;
  stale: Uint8Array;
  length = 0;

  constructor(cap = 64) {
    this.ids = new Int32Array(cap);
    this.t = new Float64Array(cap);
    this.v = new Float64Array(cap);
    this.vb = new Uint32Array(this.v.buffer);
    this.stale = new Uint8Array(cap);
  }

  /** Appends a sample; the value's bits come from `bits` (low, high word) so NaN payloads survive. */
  push(id: number, t: number, lo: number, hi: number, stale: boolean): void {
    if (this.length === this.t.length) this.grow();
    const i = this.length++;
    this.ids[i] = id;
    this.t[i] = t;
    this.vb[i * 2] = lo;
    this.vb[i * 2 + 1] = hi;
    this.stale[i] = stale ? 1 : 0;
  }

  private grow(): void {
    const cap = this.t.length * 2;
    const ids = new Int32Array(cap);
    ids.set(this.ids);
    const t = new Float64Array(cap);
    t.set(this.t);
    const v = new Float64Array(cap);
    const vb = new Uint32Array(v.buffer);
    vb.set(this.vb);
    const s = new Uint8Array(cap);
    s.set(this.stale);
    this.ids = ids;
    this.t = t;
    this.v = v;
    this.vb = vb;
    this.stale = s;
  }
}
