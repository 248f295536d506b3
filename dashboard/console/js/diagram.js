/**
 * The network as an SVG diagram: a column of nodes per layer (kit/networkGeometry.js), a link per
 * weight (kit/weights.js: blue pushes, orange holds back, width by strength). Nodes light with their
 * activation as `cascade` steps arrive, one layer after another, and a ring flashes on the nodes that
 * fired.
 */
import { blend, parseColor, textColorOn } from '../../kit/contrast.js';
import { svg } from '../../kit/dom.js';
import { layoutNetwork, networkLinks } from '../../kit/networkGeometry.js';
import { defaultLabels } from '../../kit/nodeNames.js';
import { paintWeights } from '../../kit/weights.js';

const MARGIN_X = 50;
const MARGIN_Y = 34;
/** Names' font size in the drawing's own units: the phone drawing is scaled down less, but still scaled. */
const nameSize = (W) => (W < 500 ? 16 : 13);
/** Roughly how wide a name is drawn (for the margins; a little generous). */
const nameWidth = (names, W) => Math.max(0, ...names.map((n) => n.length)) * nameSize(W) * 0.62;
/** A phone gets a narrower drawing, so nodes and numbers stay big enough to read. */
const sizeFor = (width) => (width < 560 ? { W: 420, H: 360 } : { W: 800, H: 460 });
/** Thinner links than the visitor page's: the console's drawing is smaller and busier. */
const WIDTHS = { thinnest: 0.5, thickest: 6 };

export function createDiagram(root, { onInputClick } = {}) {
  let W = 0;
  let H = 0;
  let shape = '';
  let network = null;
  let shown = []; // the last step shown per layer, to redraw after a resize
  let nodes = []; // nodes[layer][node] = { g, body, value }
  let edges = []; // edges[layer-1][j * nIn + i] = path
  let kinds = [];
  let labels = null; // labels[layer][node]: the nodes' names
  let labelKey = '';

  function layout(sizes) {
    return layoutNetwork(sizes, {
      W,
      H,
      padAcross: MARGIN_Y,
      radius: (spacing) => Math.max(9, Math.min(W < 500 ? 26 : 30, spacing / 2.6)),
      // room for the inputs' names on the left and the outputs' on the right
      padAlong: (r) => [Math.max(MARGIN_X, r + 10 + nameWidth(labels[0], W)), Math.max(MARGIN_X, r + 10 + nameWidth(labels.at(-1), W))],
    });
  }

  function build(sizes) {
    if (!labels || labels.length !== sizes.length) labels = defaultLabels(sizes);
    ({ W, H } = sizeFor(root.getBoundingClientRect().width || 800));
    root.setAttribute('viewBox', `0 0 ${W} ${H}`);
    root.replaceChildren();
    const geometry = layout(sizes);
    const { pos, r } = geometry;
    root.style.setProperty('--value-size', `${Math.max(9, r * 0.55).toFixed(1)}px`);
    root.style.setProperty('--name-size', `${nameSize(W)}px`);
    const edgeGroup = svg('g', { class: 'edges' });
    const nodeGroup = svg('g', { class: 'nodes' });
    edges = networkLinks(geometry).map((row) => row.map(({ d }) => edgeGroup.appendChild(svg('path', { class: 'edge pos', d }))));
    const last = sizes.length - 1;
    nodes = sizes.map((n, l) =>
      pos[l].map(({ x, y }, j) => {
        const body = svg('circle', { class: 'body', cx: x, cy: y, r, 'fill-opacity': 0.08 });
        const ring = svg('circle', { class: 'ring', cx: x, cy: y, r: r + 5 });
        const value = svg('text', { class: 'value', x, y: y + 4 });
        const name = labels[l]?.[j] ?? '';
        const g = svg('g', { class: 'node', id: `node-${l}-${j}`, dataset: { layer: l, node: j, activation: 0, fired: false, label: name } }, svg('title', {}, name), ring, body, value);
        // the name beside the node: inputs on the left, outputs on the right, hidden nodes above when
        // there is room between them (otherwise only in the tooltip)
        const gap = sizes[l] > 1 ? pos[l][1].y - pos[l][0].y : Infinity;
        const nameAt =
          l === 0 ? { x: x - r - 8, y: y + 4, 'text-anchor': 'end' }
          : l === last ? { x: x + r + 8, y: y + 4, 'text-anchor': 'start' }
          : gap - 2 * r >= nameSize(W) + 4 ? { x, y: y - r - 5, 'text-anchor': 'middle' }
          : null;
        if (nameAt) g.append(svg('text', { class: 'name', ...nameAt }, name));
        if (l === 0 && onInputClick) {
          g.style.cursor = 'pointer';
          g.addEventListener('click', () => onInputClick(j));
        }
        nodeGroup.append(g);
        return { g, body, value };
      }),
    );
    sizes.forEach((_, l) => {
      const label = l === 0 ? 'inputs' : l === last ? 'output' : `hidden ${sizes.length > 3 ? l : ''}`.trim();
      nodeGroup.append(svg('text', { class: 'layer-label', x: pos[l][0].x, y: H - 8 }, label));
    });
    root.append(edgeGroup, nodeGroup);
  }

  /** Draws the network's shape (once, and again when its names change) and its weights (every time they change). */
  function setNetwork(net, names) {
    network = net;
    const sizes = network.sizes;
    if (names && JSON.stringify(names) !== labelKey) {
      labelKey = JSON.stringify(names);
      labels = names;
      if (shape) {
        redraw();
        return;
      }
    }
    if (sizes.join('-') !== shape) {
      shape = sizes.join('-');
      build(sizes);
    }
    kinds = ['input', ...network.layers.map((l) => l.activation)];
    paintWeights(edges, network, WIDTHS);
  }

  /** Lights one layer (a `cascade` event): brightness by activation, a ring where a node fired. */
  function showStep(step) {
    shown[step.layer] = step;
    const layer = nodes[step.layer];
    if (!layer) return;
    step.activations.forEach((a, j) => {
      const n = layer[j];
      if (!n) return;
      const shown = kinds[step.layer] === 'tanh' ? (a + 1) / 2 : a;
      const level = Math.min(1, Math.max(0, shown));
      n.body.setAttribute('fill-opacity', (0.08 + 0.92 * level).toFixed(3));
      n.value.textContent = Math.abs(a) >= 10 ? a.toFixed(0) : a.toFixed(2);
      n.value.style.fill = numberColor(0.08 + 0.92 * level);
      n.g.dataset.activation = String(a);
      const fired = Boolean(step.fired[j]);
      if (fired && n.g.dataset.fired === 'true') {
        // restart the ring animation for a new pulse
        n.g.dataset.fired = 'false';
        void n.g.getBoundingClientRect();
      }
      n.g.dataset.fired = String(fired);
    });
  }

  /** Black or white, whichever reads better on a node lit at `opacity` over the panel (theme-aware). */
  function numberColor(opacity) {
    const css = getComputedStyle(root);
    const backdrop = blend(parseColor(css.getPropertyValue('--lit')), parseColor(css.getPropertyValue('--panel')), opacity);
    return textColorOn(backdrop);
  }

  /** Shows a whole pass at once (a fresh page, no animation). */
  function showTrace(trace) {
    if (!trace) return;
    showStep({ layer: 0, activations: trace.inputs, fired: trace.inputs.map((v) => v >= 0.5) });
    trace.layers.forEach((l, i) => showStep({ layer: i + 1, activations: l.activations, fired: l.fired }));
  }

  /** Draws it all again (new size, new names, other theme) and shows the last pass again, without rings. */
  function redraw() {
    if (!network) return;
    shape = '';
    const steps = shown;
    shown = [];
    setNetwork(network);
    steps.forEach((s) => s && showStep({ ...s, fired: s.fired.map(() => false) }));
  }

  // Redraw at the other size when the panel crosses the phone/laptop width.
  new ResizeObserver(() => {
    if (network && sizeFor(root.getBoundingClientRect().width).W !== W) redraw();
  }).observe(root);
  // The numbers' colour depends on the theme's panel colour.
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', redraw);

  return { setNetwork, showStep, showTrace };
}
