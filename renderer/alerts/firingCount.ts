/**
 * The count of firing alerts as the window shows it: in the title ("(3) Hearth") and as a badge
 * on the favicon. Pure, apart from drawing on a context the caller supplies.
 */

import type { AlertsData } from '../../shared/api/rules';

export function countFiring(data: AlertsData): number {
  let n = 0;
  for (const a of data.alerts ?? []) if (a.state === 'firing') n++;
  return n;
}

const COUNT_PREFIX = /^\(\d+\+?\) /;

/** `title` with the count in front, replacing an earlier count; unchanged apart from that when zero. */
export function titleWithCount(title: string, firing: number): string {
  const base = title.replace(COUNT_PREFIX, '');
  return firing > 0 ? `(${badgeText(firing)}) ${base}` : base;
}

/** What the badge says: the count, or "99+" when it would not fit. */
export function badgeText(firing: number): string {
  return firing > 99 ? '99+' : String(firing);
}

export interface BadgeLayout {
  text: string;
  /** The badge's rounded rectangle, in canvas pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
  fontPx: number;
}

/** The badge at the icon's bottom right, wide enough for its text, at most the icon's width. */
export function badgeLayout(firing: number, size: number): BadgeLayout {
  const text = badgeText(firing);
  const height = Math.round(size * 0.62);
  const fontPx = Math.round(height * 0.78);
  const width = Math.min(size, Math.max(height, Math.round(fontPx * 0.62 * text.length + height * 0.45)));
  return { text, x: size - width, y: size - height, width, height, fontPx };
}

/** The subset of CanvasRenderingContext2D the badge uses (a fake in tests). */
export interface BadgeContext {
  fillStyle: string | CanvasGradient | CanvasPattern;
  strokeStyle: string | CanvasGradient | CanvasPattern;
  lineWidth: number;
  font: string;
  textAlign: CanvasTextAlign;
  textBaseline: CanvasTextBaseline;
  clearRect(x: number, y: number, w: number, h: number): void;
  drawImage(image: CanvasImageSource, dx: number, dy: number, dw: number, dh: number): void;
  beginPath(): void;
  roundRect(x: number, y: number, w: number, h: number, radii?: number): void;
  fill(): void;
  stroke(): void;
  fillText(text: string, x: number, y: number): void;
}

/** The icon with the count badge over it; just the icon when nothing fires. */
export function drawBadgedIcon(ctx: BadgeContext, icon: CanvasImageSource | null, size: number, firing: number): void {
  ctx.clearRect(0, 0, size, size);
  if (icon) ctx.drawImage(icon, 0, 0, size, size);
  if (firing <= 0) return;
  const b = badgeLayout(firing, size);
  ctx.beginPath();
  ctx.roundRect(b.x, b.y, b.width, b.height, b.height / 2);
  ctx.fillStyle = '#e03131';
  ctx.fill();
  ctx.lineWidth = Math.max(1, size / 32);
  ctx.strokeStyle = '#ffffff';
  ctx.stroke();
  ctx.fillStyle = '#ffffff';
  ctx.font = `700 ${b.fontPx}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(b.text, b.x + b.width / 2, b.y + b.height / 2 + b.fontPx * 0.05);
}
