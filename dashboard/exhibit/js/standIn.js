/**
 * The story's "no-hidden" act on the network drawing: the hidden boards are switched off (dimmed,
 * their connections gone) and the inputs are wired straight to the answer with the stand-in's
 * weights, bowed around the dark hidden layer so every wire stays visible. Blue pushes, orange
 * holds back, width is strength, as for the rig's own connections (kit/weights.js).
 */
import { svg } from '../../kit/dom.js';
import { paintWeights } from '../../kit/weights.js';
import { flashMarked } from './flash.js';

export function createStandIn(root) {
  let group = null;
  let key = '';
  let edges = []; // edges[j * nIn + i], as the stand-in's weights are laid out
  let nodesOut = [];

  /** A wire from input node a to answer node b, around the hidden layer on a's side of it. */
  function wire(a, b, g) {
    const { pos, r, W, H, vertical } = g;
    const hidden = pos.slice(1, -1).flat();
    const across = (p) => (vertical ? p.x : p.y);
    const centre = (vertical ? W : H) / 2;
    const low = Math.min(...hidden.map(across)) - r - 40;
    const high = Math.max(...hidden.map(across)) + r + 44;
    const goal = across(a) <= centre ? Math.max(8, low) : Math.min((vertical ? W : H) - 8, high);
    // A cubic's midpoint is (p0 + 3c1 + 3c2 + p3) / 8: both control points there put it at `goal`.
    const c = (goal - (across(a) + across(b)) / 8) / 0.75;
    // Control points a third and two thirds along: one smooth arc, no loop.
    if (vertical) {
      const [y0, y1] = [a.y + r, b.y - r];
      return `M${a.x},${y0} C${c},${y0 + (y1 - y0) / 3} ${c},${y0 + (2 * (y1 - y0)) / 3} ${b.x},${y1}`;
    }
    const [x0, x1] = [a.x + r, b.x - r];
    return `M${x0},${a.y} C${x0 + (x1 - x0) / 3},${c} ${x0 + (2 * (x1 - x0)) / 3},${c} ${x1},${b.y}`;
  }

  function build(g, sizes) {
    group?.remove();
    group = svg('g', { class: 'stand-in' });
    const inputs = g.pos[0];
    const answers = g.pos.at(-1);
    edges = [];
    answers.forEach((b, j) => inputs.forEach((a, i) => {
      const path = svg('path', { class: 'edge direct pos', d: wire(a, b, g), dataset: { from: i, to: j } });
      edges[j * sizes[0] + i] = path;
      group.append(path);
    }));
    nodesOut = [...root.querySelectorAll(`#layer-${g.pos.length - 1} .node`)];
    // Under the nodes, over the boards: the wires end at the node's rim.
    root.querySelector('.nodes')?.before(group);
  }

  /**
   * Draws the stand-in (a NetworkJson with no hidden layer) over the network as `network.shape()`
   * placed it, or takes it away (null). `noHidden`: the hidden boards are off (also before the
   * stand-in's first weights arrive). Called after every redraw of the network.
   */
  function apply(standIn, g, noHidden = Boolean(standIn)) {
    root.dataset.network = noHidden && g ? 'no-hidden' : 'rig';
    const last = (g?.pos.length ?? 0) - 1;
    // a board is off when every layer it carries is hidden (one carrying the answer too stays on)
    for (const part of root.querySelectorAll('.board-box, .board-name, .board-band')) {
      const layers = part.dataset.layer.split(' ').map(Number);
      part.classList.toggle('off', noHidden && layers.every((l) => l > 0 && l < last));
    }
    if (!standIn || !g || g.pos.length < 3) {
      group?.remove();
      group = null;
      key = '';
      return;
    }
    const next = `${g.W}x${g.H}|${g.pos.map((l) => l.length).join('-')}|${g.vertical}`;
    if (next !== key || !group?.isConnected) {
      key = next;
      build(g, standIn.sizes);
    }
    // its one layer of weights, laid out as `edges` is
    paintWeights([edges], standIn);
  }

  /** A try on the stand-in (its params: the weights row by row, then the biases) flashes what it changed. */
  function flash(changed) {
    if (!group) return false;
    const marked = changed.map((k) => edges[k] ?? nodesOut[k - edges.length]).filter(Boolean);
    flashMarked(root, marked);
    return true;
  }

  return { apply, flash };
}
