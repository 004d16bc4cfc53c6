import { describe, expect, it } from 'vitest';
import { interruptTick, withInterrupt } from '../../../../electron/core/model/interrupt.js';
import { Matcher } from '../../../../electron/core/model/matcher.js';

describe('interrupt checks', () => {
  it('regex matching polls the job check, which may stop it', () => {
    let checks = 0;
    const m = new Matcher('=~', 'a', 'x+y');
    const stop = () => {
      if (++checks === 3) throw new Error('deadline');
    };
    let matched = 0;
    expect(() =>
      withInterrupt(stop, () => {
        for (let i = 0; i < 100_000; i++) if (m.matches('xxy')) matched++;
      }),
    ).toThrow('deadline');
    expect(checks).toBe(3);
    expect(matched).toBeGreaterThan(256);
    expect(matched).toBeLessThan(1_000);
  });

  it('restores the outer check, and does nothing without one', () => {
    const seen: string[] = [];
    withInterrupt(
      () => seen.push('outer'),
      () => {
        withInterrupt(
          () => seen.push('inner'),
          () => {
            for (let i = 0; i < 256; i++) interruptTick();
          },
        );
        for (let i = 0; i < 256; i++) interruptTick();
      },
    );
    expect(seen).toEqual(['inner', 'outer']);
    for (let i = 0; i < 1_000; i++) interruptTick();
    expect(seen).toHaveLength(2);
  });
});
