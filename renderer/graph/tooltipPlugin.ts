/**
 * A uPlot plugin drawing the hover tooltip: the time and every visible series' value at the
 * cursor, largest first, the series nearest the cursor marked. Built with DOM nodes and
 * textContent (no HTML strings); positioned with element.style, which the CSP allows.
 */

import type uPlot from 'uplot';
import { formatLocal } from '../lib/time';
import { tooltipRows, type AlignedData } from './uplotData';
import { seriesColor } from './uplotOptions';
import { formatValue, type Unit } from './units';

export interface TooltipSource {
  /** Unstacked values, so stacked graphs still show each series' own value. */
  raw(): AlignedData;
  names(): readonly string[];
  visible(): readonly boolean[];
  unit(): Unit;
}

const MAX_ROWS = 24;

export function tooltipPlugin(src: TooltipSource): uPlot.Plugin {
  let tip: HTMLDivElement | null = null;
  return {
    hooks: {
      init: (u) => {
        tip = document.createElement('div');
        tip.className = 'graph-tooltip';
        tip.setAttribute('role', 'tooltip');
        tip.style.display = 'none';
        u.over.appendChild(tip);
        u.over.addEventListener('mouseleave', () => {
          if (tip) tip.style.display = 'none';
        });
      },
      setCursor: (u) => {
        if (!tip) return;
        const idx = u.cursor.idx;
        const left = u.cursor.left ?? -1;
        if (idx === null || idx === undefined || left < 0) {
          tip.style.display = 'none';
          return;
        }
        const data = src.raw();
        const { rows, more } = tooltipRows(data, idx, src.visible(), MAX_ROWS);
        const focused = findFocused(u);
        tip.replaceChildren();
        const head = document.createElement('div');
        head.className = 'graph-tooltip-time';
        head.textContent = formatLocal(data[0][idx]! * 1000);
        tip.appendChild(head);
        if (rows.length === 0) {
          const none = document.createElement('div');
          none.className = 'graph-tooltip-more';
          none.textContent = 'no values at this time';
          tip.appendChild(none);
        }
        const names = src.names();
        const unit = src.unit();
        for (const r of rows) {
          const row = document.createElement('div');
          row.className = r.index === focused ? 'graph-tooltip-row focused' : 'graph-tooltip-row';
          const sw = document.createElement('span');
          sw.className = 'swatch';
          sw.style.background = seriesColor(r.index);
          const name = document.createElement('span');
          name.className = 'graph-tooltip-name';
          name.textContent = names[r.index] ?? '';
          const val = document.createElement('span');
          val.className = 'graph-tooltip-value';
          val.textContent = formatValue(r.value, unit);
          row.append(sw, name, val);
          tip.appendChild(row);
        }
        if (more > 0) {
          const m = document.createElement('div');
          m.className = 'graph-tooltip-more';
          m.textContent = `… and ${more} more`;
          tip.appendChild(m);
        }
        tip.style.display = 'block';
        const overW = u.over.clientWidth;
        const w = tip.offsetWidth;
        const x = left + 16 + w > overW ? Math.max(0, left - 16 - w) : left + 16;
        const top = Math.max(0, Math.min((u.cursor.top ?? 0) + 12, u.over.clientHeight - tip.offsetHeight));
        tip.style.transform = `translate(${x}px, ${top}px)`;
      },
      destroy: () => {
        tip?.remove();
        tip = null;
      },
    },
  };
}

function findFocused(u: uPlot): number {
  for (let i = 1; i < u.series.length; i++) {
    const s = u.series[i] as uPlot.Series & { _focus?: boolean };
    if (s._focus) return i - 1;
  }
  return -1;
}
