/**
 * Keeps the window title and the favicon showing how many alerts fire. Polls /api/v1/alerts
 * whether or not the tab is visible (a hidden tab's title is exactly where the count is read),
 * at a modest interval; the Electron window takes its title from the page.
 */

import { useEffect } from 'react';
import { alerts } from '../api/endpoints';
import { countFiring, drawBadgedIcon, titleWithCount } from './firingCount';

export const FIRING_POLL_MS = 15_000;
const ICON_URL = '/favicon.svg';
const ICON_PX = 64;

function iconLink(): HTMLLinkElement {
  let link = document.querySelector<HTMLLinkElement>('link[rel~="icon"]');
  if (!link) {
    link = document.createElement('link');
    link.rel = 'icon';
    document.head.appendChild(link);
  }
  return link;
}

function loadIcon(): Promise<HTMLImageElement | null> {
  return new Promise((ok) => {
    const img = new Image();
    img.onload = () => ok(img);
    img.onerror = () => ok(null);
    img.src = ICON_URL;
  });
}

/** The favicon with a badge as a data: URL (the CSP allows data: images), or the plain icon. */
function showCount(firing: number, icon: HTMLImageElement | null): void {
  const link = iconLink();
  document.title = titleWithCount(document.title, firing);
  if (firing <= 0) {
    link.type = 'image/svg+xml';
    link.href = ICON_URL;
    return;
  }
  const canvas = document.createElement('canvas');
  canvas.width = ICON_PX;
  canvas.height = ICON_PX;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  drawBadgedIcon(ctx, icon, ICON_PX, firing);
  link.type = 'image/png';
  link.href = canvas.toDataURL('image/png');
  link.dataset['firing'] = String(firing);
}

export function useFiringBadge(pollMs = FIRING_POLL_MS): void {
  useEffect(() => {
    let stopped = false;
    let ctl: AbortController | null = null;
    let last = -1;
    const icon = loadIcon();
    const poll = async () => {
      ctl?.abort();
      ctl = new AbortController();
      try {
        const r = await alerts(ctl.signal);
        // A failed poll keeps the last count: the core restarting must not clear a firing alert.
        if (stopped || r.status !== 'success') return;
        const n = countFiring(r.data);
        if (n === last) return;
        last = n;
        showCount(n, await icon);
      } catch {
        // aborted by the next poll or by unmounting
      }
    };
    void poll();
    const id = window.setInterval(() => void poll(), pollMs);
    return () => {
      stopped = true;
      ctl?.abort();
      window.clearInterval(id);
    };
  }, [pollMs]);
}
