/**
 * bcrypt comparisons in a worker thread: right answers, a bound on waiting comparisons, and an
 * event loop that stays free while they run.
 */
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { BcryptPool } from '../../../../../electron/core/api/auth/bcryptPool.js';

const HASH10 = '$2b$10$1IlkEyC8LPTnfqR3.a.M0.qukx1ut6cXQjKVHqsv9ogNfy3DwcBm2';

describe('BcryptPool', () => {
  it('compares as bcryptjs does, failing closed on a malformed hash', async () => {
    const pool = new BcryptPool();
    try {
      const h4 = bcrypt.hashSync('pässwörd', 4);
      expect(await pool.compare('pässwörd', h4)).toBe('match');
      expect(await pool.compare('passwort', h4)).toBe('mismatch');
      expect(await pool.compare('x', 'not a hash')).toBe('mismatch');
    } finally {
      await pool.close();
    }
  });

  it('refuses comparisons beyond maxPending at once, and takes new ones when free', async () => {
    const pool = new BcryptPool({ maxPending: 3 });
    try {
      const all = Array.from({ length: 5 }, () => pool.compare('wrong', HASH10));
      expect(pool.pending()).toBe(3);
      expect(await Promise.all(all)).toEqual(['mismatch', 'mismatch', 'mismatch', 'busy', 'busy']);
      expect(pool.pending()).toBe(0);
      expect(await pool.compare('s3cret', HASH10)).toBe('match');
    } finally {
      await pool.close();
    }
  });

  it('leaves the event loop free while it compares', async () => {
    const pool = new BcryptPool({ maxPending: 4 });
    try {
      await pool.compare('warm-up', bcrypt.hashSync('x', 4));
      let ticks = 0;
      let worstGapMs = 0;
      let last = performance.now();
      const timer = setInterval(() => {
        const now = performance.now();
        worstGapMs = Math.max(worstGapMs, now - last);
        last = now;
        ticks++;
      }, 5);
      const t0 = performance.now();
      await Promise.all(Array.from({ length: 4 }, () => pool.compare('wrong', HASH10)));
      const tookMs = performance.now() - t0;
      clearInterval(timer);
      // Four cost-10 comparisons are hundreds of milliseconds of CPU. On the loop they would
      // allow no tick at all; in the worker the timer keeps firing (the bounds leave room for
      // a machine shared with other work).
      expect(tookMs).toBeGreaterThan(100);
      expect(ticks).toBeGreaterThan(tookMs / 5 / 4);
      expect(worstGapMs).toBeLessThan(tookMs / 2);
    } finally {
      await pool.close();
    }
  });

  it('answers busy after close', async () => {
    const pool = new BcryptPool();
    await pool.close();
    expect(await pool.compare('s3cret', HASH10)).toBe('busy');
  });
});
