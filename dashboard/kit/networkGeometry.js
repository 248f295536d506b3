/**
 * Where a network is drawn, one geometry for both pages: a column of nodes per layer (a row per layer
 * on a portrait phone), each layer's nodes spread evenly across, with a gap where the next board
 * begins, and a link from every node to every node of the next layer as a smooth curve from rim to
 * rim. The pages draw their own nodes on these places (the console its numbers and names, the visitor
 * page its boards and their glow). Pure: it computes places, it touches no DOM.
 */

/**
 * The places of the nodes of a network with `sizes` nodes per layer, in a drawing W × H.
 *
 * - `vertical`: layers from top to bottom instead of left to right;
 * - `padAlong(r)`: the room [before the first layer, after the last] (it may depend on the radius:
 *   the console leaves room for the names beside the inputs and the outputs);
 * - `padAcross`: the room on each side of a layer's nodes;
 * - `breaks[l]`: the nodes of layer l that begin another board, each after a gap of `boardGap`;
 * - `radius(spacing)`: a node's radius, from the room each node of the fullest layer has across.
 *
 * Returns `{ pos, r, W, H, vertical }`: `pos[layer][node]` is `{ x, y }`.
 */
export function layoutNetwork(sizes, { W, H, vertical = false, padAlong, padAcross, breaks = [], boardGap = 0, radius }) {
  const layers = sizes.length;
  const along = vertical ? H : W;
  const across = vertical ? W : H;
  const room = (l) => (across - 2 * padAcross - boardGap * (breaks[l]?.size ?? 0)) / sizes[l];
  const r = radius(Math.min(...sizes.map((_, l) => room(l))));
  const [start, end] = padAlong(r);
  const pos = sizes.map((n, l) => {
    const a = layers === 1 ? start : start + (l * (along - start - end)) / (layers - 1);
    const gap = room(l);
    let b = padAcross;
    return Array.from({ length: n }, (_, j) => {
      if (breaks[l]?.has(j)) b += boardGap;
      const at = b + gap * 0.5;
      b += gap;
      return vertical ? { x: at, y: a } : { x: a, y: at };
    });
  });
  return { pos, r, W, H, vertical };
}

/**
 * The links into each layer after the first, in the order of the network's weights:
 * `links[l - 1][j * inputs + i]` runs from node i of layer l - 1 to node j of layer l, with its path `d`.
 */
export function networkLinks({ pos, r, vertical }) {
  return pos.slice(1).map((layer, k) => layer.flatMap((b, j) => pos[k].map((a, i) => ({ from: i, to: j, d: linkPath(a, b, r, vertical) }))));
}

/** A link from the rim of the node at `a` to the rim of the node at `b`: one S-curve, level at both ends. */
export function linkPath(a, b, r, vertical = false) {
  if (vertical) {
    const mid = (a.y + b.y) / 2;
    return `M${a.x},${a.y + r} C${a.x},${mid} ${b.x},${mid} ${b.x},${b.y - r}`;
  }
  const mid = (a.x + b.x) / 2;
  return `M${a.x + r},${a.y} C${mid},${a.y} ${mid},${b.y} ${b.x - r},${b.y}`;
}
