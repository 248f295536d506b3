/**
 * The one network geometry both pages draw on (dashboard/kit/networkGeometry.js, loaded by URL):
 * layers along, nodes spread evenly across with a gap where a board ends, links in the order of the
 * network's weights, rim to rim, landscape and portrait.
 */
import { describe, expect, it } from 'vitest';

const { layoutNetwork, linkPath, networkLinks } = await import(new URL('../../../dashboard/kit/networkGeometry.js', import.meta.url).href);

const flat = { W: 800, H: 460, padAcross: 34, padAlong: () => [60, 90], radius: (spacing: number) => Math.min(30, spacing / 2.6) };

describe('layoutNetwork', () => {
  it('puts the layers from the room before the first to the room after the last, and spreads each layer evenly across', () => {
    const { pos, r } = layoutNetwork([2, 3, 1], flat);
    expect(pos.map((layer: Array<{ x: number }>) => layer[0]!.x)).toEqual([60, 385, 710]);
    const gap = (460 - 2 * 34) / 3;
    expect(pos[1].map((p: { y: number }) => p.y)).toEqual([34 + gap / 2, 34 + gap * 1.5, 34 + gap * 2.5]);
    expect(pos[2][0].y).toBe(230); // one node: the middle
    expect(r).toBe(30); // the cap; the fullest layer's room would allow more
  });

  it('sizes the nodes by the room of the fullest layer, and the room along may depend on the radius', () => {
    const seen: number[] = [];
    const { r, pos } = layoutNetwork([7, 16, 10], { ...flat, padAlong: (radius: number) => (seen.push(radius), [radius + 10, radius + 10]) });
    expect(r).toBeCloseTo((460 - 68) / 16 / 2.6, 12);
    expect(seen).toEqual([r]);
    expect(pos[0][0].x).toBeCloseTo(r + 10, 12);
  });

  it('leaves a gap where the next board begins, and turns on its side for a portrait drawing', () => {
    const boards = { W: 400, H: 620, vertical: true, padAlong: () => [48, 48], padAcross: 24, radius: (s: number) => Math.min(20, s * 0.34), boardGap: 40 };
    const apart = layoutNetwork([2, 3, 1], { ...boards, breaks: [new Set([1]), new Set(), new Set()] });
    const together = layoutNetwork([2, 3, 1], boards);
    // portrait: layers go down the page, a layer's nodes across it
    expect(together.pos.map((layer: Array<{ y: number }>) => layer[0]!.y)).toEqual([48, 310, 572]);
    expect(together.pos[0].map((p: { x: number }) => p.x)).toEqual([24 + 88, 24 + 3 * 88]);
    // two boards in the input layer: the second node moves on by the gap, within the same width
    const room = (400 - 48 - 40) / 2;
    expect(apart.pos[0].map((p: { x: number }) => p.x)).toEqual([24 + room / 2, 24 + 40 + room * 1.5]);
    expect(apart.r).toBe(together.r); // the fullest layer (3 nodes, no gap) decides the size
  });
});

describe('networkLinks and linkPath', () => {
  it("lists every link into each layer in the order of the layer's weights (row j, column i), rim to rim", () => {
    const geometry = layoutNetwork([2, 3, 1], flat);
    const links = networkLinks(geometry);
    expect(links.map((row: unknown[]) => row.length)).toEqual([6, 3]);
    expect(links[0].map((l: { from: number; to: number }) => `${l.from}>${l.to}`)).toEqual(['0>0', '1>0', '0>1', '1>1', '0>2', '1>2']);
    const { pos, r } = geometry;
    expect(links[1][2].d).toBe(linkPath(pos[1][2], pos[2][0], r));
    expect(linkPath({ x: 0, y: 10 }, { x: 100, y: 50 }, 5)).toBe('M5,10 C50,10 50,50 95,50');
    expect(linkPath({ x: 10, y: 0 }, { x: 50, y: 100 }, 5, true)).toBe('M10,5 C10,50 50,50 50,95');
  });
});
