import { describe, expect, it } from 'vitest';
import { decodePanels, encodePanels } from '../../../../renderer/query/panelState.js';

describe('panel URL state', () => {
  it('round-trips every field through the URL', () => {
    const panels = decodePanels('');
    expect(panels).toHaveLength(1);
    const a = { ...panels[0]!, expr: 'rate(up[5m])', tab: 'graph' as const, rangeMs: 6 * 3600e3, endMs: Date.UTC(2024, 4, 1, 12, 30, 15), stepMs: 30_000, displayMode: 'stacked' as const, unit: 'bytes' as const };
    const b = { ...panels[0]!, id: 'x', expr: 'up == 0', tab: 'explain' as const, momentMs: Date.UTC(2024, 0, 2, 3, 4, 5) };
    const search = encodePanels([a, b]);
    expect(search).toContain('g0.expr=rate%28up%5B5m%5D%29');
    expect(search).toContain('g0.range_input=6h');
    expect(search).toContain('g0.end_input=2024-05-01+12%3A30%3A15');
    const back = decodePanels(search);
    expect(back).toHaveLength(2);
    const strip = ({ id: _id, ...rest }: { id: string }) => rest;
    expect(strip(back[0]!)).toEqual(strip(a));
    expect(strip(back[1]!)).toEqual(strip(b));
  });

  it('reads Prometheus 2 links (numeric tab, stacked=1) and Prometheus 3 links', () => {
    const [p] = decodePanels('?g0.expr=up&g0.tab=0&g0.stacked=1&g0.range_input=1h&g0.step_input=15');
    expect(p).toMatchObject({ expr: 'up', tab: 'graph', displayMode: 'stacked', rangeMs: 3600e3, stepMs: 15000 });
    const [q] = decodePanels('?g0.expr=up&g0.tab=table&g0.display_mode=lines&g0.show_tree=0');
    expect(q).toMatchObject({ tab: 'table', displayMode: 'lines', endMs: null, stepMs: null });
  });

  it('keeps defaults for invalid values and stops at the first missing panel', () => {
    const panels = decodePanels('?g0.expr=a&g0.range_input=bogus&g0.step_input=-3&g0.unit=furlongs&g2.expr=c');
    expect(panels).toHaveLength(1);
    expect(panels[0]).toMatchObject({ rangeMs: 3600e3, stepMs: null, unit: 'auto' });
  });
});
