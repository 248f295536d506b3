/**
 * The network as the boards stand: a column of nodes per layer (a row on a portrait phone,
 * kit/networkGeometry.js), each node inside the outline of the board it lives on, named as the rig
 * names it. Nodes light as the LEDs do, one layer after another as `cascade` events arrive, and while
 * the next layer waits its turn the signal runs along the connections from the nodes that are on.
 * Blue connections push, orange ones hold back; width is strength (kit/weights.js).
 */
import { svg } from '../../kit/dom.js';
import { layoutNetwork, networkLinks } from '../../kit/networkGeometry.js';
import { paintWeights } from '../../kit/weights.js';
import { flashMarked } from './flash.js';

const LANDSCAPE = { W: 1000, H: 500, padAlong: 100, padAcross: 60 };
const PORTRAIT = { W: 400, H: 620, padAlong: 48, padAcross: 24 };
/** Room between two boards in one layer, for the outlines and the board's name. */
const BOARD_GAP = 40;

/**
 * A default name ("input 2") says its kind twice next to the layer's title: the number is enough,
 * except in a hidden layer, whose "h2" must not read as an answer (digits7's answers are numbers).
 */
export const shortName = (label) => label.replace(/^(input|output) (\d+)$/, '$2').replace(/^hidden (\d+)$/, 'h$1');

export function createNetwork(root, { onInputPointer } = {}) {
  let shapeKey = '';
  let geometry = null;
  let nodes = []; // nodes[l][j] = { g, glow, text, title }
  let edges = []; // edges[l-1][j * nIn + i]
  let layerGroups = [];
  let titles = [];
  let travelMs = 300;
  let lastStepAt = 0;
  const lit = []; // the last step shown per layer: to redraw after a resize

  const portrait = () => root.getBoundingClientRect().width < 560;

  /** Where each node goes: layers along one axis, a layer's nodes across the other, boards apart. */
  function layout(sizes, breaks, base, vertical) {
    // a tall layer (digits7's ten answers) gets a taller landscape drawing, so its nodes stay big
    const H = vertical ? base.H : Math.max(base.H, Math.max(...sizes) * 40 + 160);
    return layoutNetwork(sizes, {
      W: base.W,
      H,
      vertical,
      padAlong: () => [base.padAlong, base.padAlong],
      padAcross: base.padAcross,
      breaks,
      boardGap: BOARD_GAP,
      radius: (spacing) => Math.min(vertical ? 20 : 34, spacing * 0.34),
    });
  }

  /** Runs of neighbouring nodes in a layer that share a board. */
  function boardRuns(size, l, boards) {
    const runs = [];
    for (let j = 0; j < size; j++) {
      const b = boards.get(`${l}:${j}`);
      const prev = runs.at(-1);
      if (prev && b && prev.id === b.boardId) prev.to = j;
      else if (b) runs.push({ id: b.boardId, name: b.board ?? '', layer: l, from: j, to: j });
    }
    return runs;
  }

  /**
   * One outline per board, named once: a board carrying nodes of several layers (hidden and answer
   * on one Mega) gets one outline around all of them when no other board's node falls inside it;
   * otherwise each part gets its outline, joined by a band, and the name goes under the last part.
   */
  function boardOutlines(runs, pos, r, vertical) {
    const m = r + 8;
    const box = (run) => {
      const a = pos[run.layer][run.from];
      const b = pos[run.layer][run.to];
      return { x0: Math.min(a.x, b.x) - m, y0: Math.min(a.y, b.y) - m, x1: Math.max(a.x, b.x) + m, y1: Math.max(a.y, b.y) + m };
    };
    const byBoard = new Map();
    for (const run of runs.flat()) {
      if (!byBoard.has(run.id)) byBoard.set(run.id, []);
      byBoard.get(run.id).push(run);
    }
    const owner = new Map(runs.flat().flatMap((run) => Array.from({ length: run.to - run.from + 1 }, (_, k) => [`${run.layer}:${run.from + k}`, run.id])));
    const outlines = [];
    for (const [id, parts] of byBoard) {
      const boxes = parts.map(box);
      const all = { x0: Math.min(...boxes.map((b) => b.x0)), y0: Math.min(...boxes.map((b) => b.y0)), x1: Math.max(...boxes.map((b) => b.x1)), y1: Math.max(...boxes.map((b) => b.y1)) };
      const intruder = pos.some((layer, l) => layer.some((p, j) => owner.get(`${l}:${j}`) !== id && p.x > all.x0 - r && p.x < all.x1 + r && p.y > all.y0 - r && p.y < all.y1 + r));
      const layers = [...new Set(parts.map((p) => p.layer))];
      outlines.push({ name: parts[0].name, layers, boxes: parts.length > 1 && !intruder ? [all] : boxes, joined: parts.length > 1 && intruder });
    }
    return outlines.map((o) => {
      const last = o.boxes.at(-1);
      return { ...o, label: { x: (last.x0 + last.x1) / 2, y: last.y1 + (vertical ? 15 : 20) } };
    });
  }

  function build(state, labels, boards) {
    const sizes = state.rig.layers;
    const vertical = portrait();
    const runs = sizes.map((n, l) => boardRuns(n, l, boards));
    const breaks = runs.map((rs) => new Set(rs.slice(1).map((run) => run.from)));
    geometry = layout(sizes, breaks, vertical ? PORTRAIT : LANDSCAPE, vertical);
    const { pos, r, W, H } = geometry;
    root.setAttribute('viewBox', `0 0 ${W} ${H}`);
    root.dataset.orientation = vertical ? 'portrait' : 'landscape';
    root.replaceChildren();
    const boxes = svg('g', { class: 'boards' });
    const captions = svg('g', { class: 'board-names' });
    const edgeGroup = svg('g', { class: 'edges' });
    const nodeGroup = svg('g', { class: 'nodes' });
    titles = [];
    edges = networkLinks(geometry).map((row, k) =>
      row.map(({ from, to, d }) => edgeGroup.appendChild(svg('path', { class: 'edge pos', d, dataset: { from, to, layer: k + 1 } }))),
    );
    for (const outline of boardOutlines(runs, pos, r, vertical)) {
      const layer = outline.layers.join(' ');
      outline.boxes.forEach((b, k) => {
        boxes.append(svg('rect', { class: 'board-box', 'data-layer': layer, x: b.x0, y: b.y0, width: b.x1 - b.x0, height: b.y1 - b.y0, rx: 14 }));
        // the parts of one board that other boards' nodes sit between: a band joins them
        const next = outline.boxes[k + 1];
        if (next) {
          const [from, to] = [{ x: (b.x0 + b.x1) / 2, y: (b.y0 + b.y1) / 2 }, { x: (next.x0 + next.x1) / 2, y: (next.y0 + next.y1) / 2 }];
          boxes.prepend(svg('path', { class: 'board-band', 'data-layer': layer, d: `M${from.x},${from.y} L${to.x},${to.y}` }));
        }
      });
      captions.append(svg('text', { class: 'board-name', 'data-layer': layer, x: outline.label.x, y: outline.label.y, 'text-anchor': 'middle' }, outline.name));
    }
    layerGroups = [];
    nodes = sizes.map((n, l) => {
      const group = svg('g', { class: 'layer', id: `layer-${l}`, dataset: { layer: l } });
      layerGroups.push(group);
      const title = vertical
        ? svg('text', { class: 'layer-title', x: 6, y: pos[l][0].y - r - 16, 'text-anchor': 'start' })
        : svg('text', { class: 'layer-title', x: pos[l][0].x, y: 26, 'text-anchor': 'middle' });
      titles.push(title);
      nodeGroup.append(title, group);
      return pos[l].map(({ x, y }, j) => {
        const label = labels[l][j];
        const short = shortName(label);
        const size = Math.min(r * 0.9, (r * 3.2) / Math.max(1, short.length));
        const title = svg('title');
        const ring = svg('circle', { class: 'ring', cx: x, cy: y, r: r + 6 });
        const base = svg('circle', { class: 'base', cx: x, cy: y, r });
        const glow = svg('circle', { class: 'glow', cx: x, cy: y, r, 'fill-opacity': 0 });
        const text = svg('text', { class: 'label', x, y: y + size * 0.36, 'font-size': size.toFixed(1), 'text-anchor': 'middle' }, short);
        // an input node is pressed by a tap too: a target at least a finger wide (44 px on a phone)
        const hit = l === 0 ? svg('circle', { class: 'hit', cx: x, cy: y, r: Math.max(r + 6, vertical ? 26 : 0) }) : null;
        const g = svg('g', { class: 'node', id: `node-${l}-${j}`, dataset: { layer: l, node: j, activation: 0, fired: false } }, title, hit, ring, base, glow, text);
        if (l === 0 && onInputPointer) g.addEventListener('click', () => onInputPointer(j));
        group.append(g);
        return { g, glow, text, title, label, board: boards.get(`${l}:${j}`)?.board ?? '' };
      });
    });
    root.append(boxes, edgeGroup, captions, nodeGroup);
  }

  /** Draws the shape (again when it or the orientation changes) and the weights. */
  function setNetwork(state, labels, boards) {
    const key = `${state.rig.layers.join('-')}|${portrait()}|${labels.flat().join()}|${[...boards.values()].map((b) => b.board).join()}`;
    if (key !== shapeKey) {
      shapeKey = key;
      build(state, labels, boards);
      lit.forEach((step) => step && paint(step, false));
    }
    paintWeights(edges, state.network);
  }

  /** Layer titles and accessible node names in the current language. */
  function setWords({ layerTitle, nodeAria }) {
    titles.forEach((title, l) => (title.textContent = layerTitle(l, titles.length)));
    nodes.forEach((layer) => layer.forEach((n) => (n.title.textContent = nodeAria(n.label, n.board, n.g.dataset.fired === 'true'))));
  }

  function paint(step, fresh) {
    const layer = nodes[step.layer];
    if (!layer) return;
    step.activations.forEach((a, j) => {
      const n = layer[j];
      if (!n) return;
      const level = step.levels ? step.levels[j] / 255 : Math.min(1, Math.max(0, a));
      n.glow.setAttribute('fill-opacity', level.toFixed(3));
      n.g.classList.toggle('bright', level > 0.45);
      n.g.dataset.activation = String(a);
      const fired = Boolean(step.fired[j]);
      if (fresh && fired && n.g.dataset.fired === 'true') {
        n.g.dataset.fired = 'false'; // restart the ring's pulse
        void n.g.getBoundingClientRect();
      }
      n.g.dataset.fired = String(fired);
    });
    if (fresh) layerGroups[step.layer].dataset.litAt = String(performance.now());
  }

  /** One `cascade` step: this layer lights; the signal sets off towards the next. */
  function showStep(step) {
    const now = performance.now();
    // The pause between layers is the rig's: learn it from the stream rather than guess it.
    if (step.layer > 0 && lastStepAt) travelMs = Math.min(3000, Math.max(120, now - lastStepAt));
    lastStepAt = now;
    lit[step.layer] = step;
    paint(step, true);
    for (const path of edges[step.layer - 1] ?? []) path.classList.remove('travel');
    const out = edges[step.layer];
    if (!out) return;
    const nIn = step.activations.length;
    out.forEach((path, k) => {
      const on = step.levels ? step.levels[k % nIn] > 25 : step.activations[k % nIn] > 0.1;
      path.classList.remove('travel');
      if (!on) return;
      void path.getBoundingClientRect();
      path.style.setProperty("--travel-ms", `${Math.round(travelMs)}ms`);
      path.classList.add('travel');
    });
  }

  /** A whole pass at once (a fresh page, or training trying its weights): no travel. */
  function showTrace(trace) {
    if (!trace) return;
    const steps = [{ layer: 0, activations: trace.inputs, fired: trace.inputs.map((v) => v >= 0.5) }];
    trace.layers.forEach((l, i) => steps.push({ layer: i + 1, activations: l.activations, fired: l.fired }));
    for (const s of steps) {
      lit[s.layer] = s;
      paint(s, false);
    }
  }

  /**
   * One try of trial and error: the connections it changed (indices into the network's params, as
   * in the `try` event: each layer's weights row by row, then its biases) flash for a moment, and a
   * changed bias flashes its node.
   */
  function flash(changed, sizes) {
    const marked = [];
    let offset = 0;
    for (let l = 1; l < sizes.length; l++) {
      const weights = sizes[l] * sizes[l - 1];
      const end = offset + weights + sizes[l];
      for (const k of changed) {
        if (k < offset || k >= end) continue;
        const target = k - offset < weights ? edges[l - 1]?.[k - offset] : nodes[l]?.[k - offset - weights]?.g;
        if (target) marked.push(target);
      }
      offset = end;
    }
    flashMarked(root, marked);
  }

  /** Where the nodes are drawn (for the story's stand-in wiring, drawn over this drawing). */
  const shape = () => geometry;

  return { setNetwork, setWords, showStep, showTrace, flash, shape, isPortrait: portrait };
}
