import { readFileSync } from 'node:fs';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Inflater } from '../../../../electron/core/scrape/inflater.js';

const body = readFileSync(new URL('../../../../../shared/bench/results/node_exporter-sample.txt', import.meta.url));

/** What zlib.gunzipSync gives for the same input: the output, or the error's code. */
function reference(input: Buffer, max: number): Buffer | string {
  try {
    return zlib.gunzipSync(input, { maxOutputLength: max });
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? 'no code';
  }
}

function ours(inf: Inflater, input: Buffer, max: number, hint = 0): Buffer | string {
  try {
    return inf.gunzip(input, max, hint);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? 'no code';
  }
}

describe('Inflater', () => {
  it('keeps one engine on this Node (the path the scrapes take here)', () => {
    expect(new Inflater().reusing).toBe(true);
  });

  it('gives what zlib.gunzipSync gives, for good and bad bodies, one engine for all', () => {
    const inf = new Inflater();
    const gz = zlib.gzipSync(body);
    const cases: Array<[string, Buffer]> = [
      ['node_exporter body', gz],
      ['empty body', zlib.gzipSync(Buffer.alloc(0))],
      ['two gzip members', Buffer.concat([zlib.gzipSync('a 1\n'), zlib.gzipSync('b 2\n')])],
      ['truncated', gz.subarray(0, gz.length >> 1)],
      ['cut in the trailer', gz.subarray(0, gz.length - 3)],
      ['corrupt deflate data', Buffer.concat([gz.subarray(0, 20), Buffer.alloc(64, 0xff), gz.subarray(84)])],
      ['not gzip', Buffer.from('<html>hello</html>')],
      ['the body again after errors', gz],
    ];
    for (const [name, input] of cases) {
      for (const hint of [0, 100, body.length, 10 * body.length]) {
        const want = reference(input, 1 << 30);
        const got = ours(inf, input, 1 << 30, hint);
        expect(got, `${name}, size hint ${hint}`).toEqual(want);
      }
    }
    expect(ours(inf, gz, 1 << 30)).toEqual(body);
  });

  it('stops at the output limit: a body of exactly the limit passes, one byte more fails', () => {
    const inf = new Inflater();
    const gz = zlib.gzipSync(body);
    expect(ours(inf, gz, body.length)).toEqual(body);
    expect(ours(inf, gz, body.length - 1)).toBe('ERR_BUFFER_TOO_LARGE');
    expect(reference(gz, body.length - 1)).toBe('ERR_BUFFER_TOO_LARGE');
    // A gzip bomb: 64 MiB of zeros against a 1 MiB limit fails without inflating it all.
    const bomb = zlib.gzipSync(Buffer.alloc(64 << 20));
    expect(ours(inf, bomb, 1 << 20, 1 << 30)).toBe('ERR_BUFFER_TOO_LARGE');
    expect(ours(inf, gz, 1 << 30)).toEqual(body);
  });

  it('inflates into a buffer handed back when it is large enough, never past the limit', () => {
    const inf = new Inflater();
    const gz = zlib.gzipSync(body);
    const big = Buffer.alloc(2 * body.length, 0x41);
    const out = inf.gunzip(gz, 1 << 30, body.length, big);
    expect(out).toEqual(body);
    expect(out.buffer).toBe(big.buffer);
    expect(inf.lastBuffer).toBe(big);
    // Too small: a new buffer, which lastBuffer names.
    const small = Buffer.alloc(100);
    const out2 = inf.gunzip(gz, 1 << 30, body.length, small);
    expect(out2).toEqual(body);
    expect(out2.buffer).not.toBe(small.buffer);
    expect(inf.lastBuffer!.buffer).toBe(out2.buffer);
    // A handed-back buffer larger than the limit does not raise it.
    expect(() => inf.gunzip(gz, body.length - 1, body.length, big)).toThrow(/larger than/);
    expect(inf.gunzip(gz, body.length, body.length, big)).toEqual(body);
  });

  it('returns a new buffer every time unless handed one (a scrape cache may keep slices of the last body)', () => {
    const inf = new Inflater();
    const a = inf.gunzip(zlib.gzipSync('first 1\n'), 1 << 20, 0);
    inf.gunzip(zlib.gzipSync('other 2\n'), 1 << 20, 0);
    expect(a.toString()).toBe('first 1\n');
  });
});
