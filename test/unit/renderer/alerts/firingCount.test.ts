import { describe, expect, it } from 'vitest';
import { badgeLayout, badgeText, countFiring, drawBadgedIcon, titleWithCount, type BadgeContext } from '../../../../renderer/alerts/firingCount.js';

const alert = (state: 'pending' | 'firing') => ({ labels: {}, annotations: {}, state, value: '1' });

describe('firing count', () => {
  it('counts firing alerts only', () => {
    expect(countFiring({ alerts: [alert('firing'), alert('pending'), alert('firing')] })).toBe(2);
    expect(countFiring({ alerts: [] })).toBe(0);
  });

  it('puts the count in front of the title, replaces an earlier one, and drops it at zero', () => {
    expect(titleWithCount('Hearth', 3)).toBe('(3) Hearth');
    expect(titleWithCount('(3) Hearth', 12)).toBe('(12) Hearth');
    expect(titleWithCount('(12) Hearth', 0)).toBe('Hearth');
    expect(titleWithCount('(99+) Hearth', 150)).toBe('(99+) Hearth');
    expect(titleWithCount('Hearth', 0)).toBe('Hearth');
  });

  it('caps the badge text at 99+', () => {
    expect(badgeText(7)).toBe('7');
    expect(badgeText(99)).toBe('99');
    expect(badgeText(100)).toBe('99+');
  });

  it('lays the badge out in the bottom right corner, growing with the text but never past the icon', () => {
    for (const n of [1, 42, 1000]) {
      const b = badgeLayout(n, 64);
      expect(b.x + b.width).toBe(64);
      expect(b.y + b.height).toBe(64);
      expect(b.x).toBeGreaterThanOrEqual(0);
    }
    expect(badgeLayout(42, 64).width).toBeGreaterThan(badgeLayout(4, 64).width);
  });
});

function fakeContext(): BadgeContext & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    font: '',
    textAlign: 'start',
    textBaseline: 'alphabetic',
    clearRect: () => calls.push('clear'),
    drawImage: () => calls.push('image'),
    beginPath: () => calls.push('path'),
    roundRect: () => calls.push('roundRect'),
    fill: () => calls.push('fill'),
    stroke: () => calls.push('stroke'),
    fillText: (t: string) => calls.push(`text:${t}`),
  };
}

describe('drawBadgedIcon', () => {
  it('draws the icon and then a badge with the count', () => {
    const ctx = fakeContext();
    drawBadgedIcon(ctx, {} as CanvasImageSource, 64, 5);
    expect(ctx.calls).toEqual(['clear', 'image', 'path', 'roundRect', 'fill', 'stroke', 'text:5']);
  });
  it('draws only the icon when nothing fires', () => {
    const ctx = fakeContext();
    drawBadgedIcon(ctx, {} as CanvasImageSource, 64, 0);
    expect(ctx.calls).toEqual(['clear', 'image']);
  });
});
