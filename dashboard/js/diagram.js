/**
 * The network as an SVG diagram: a column of nodes per layer, an edge per weight (blue positive, red
 * negative, width by strength). Nodes light with their activation as `cascade` steps arrive, one
 * layer after another, and a ring flashes on the nodes that fired.
 */
import { num, svg } from './dom.js';

const MARGIN_X = 50;
const MARGIN_Y = 34;
/** A phone gets a narrower drawing, so nodes and numbers stay big enough to read. */
const sizeFor = (width) => (width < 560 ? { W: 420, H: 360 } : { W: 800, H: 460 });

export function createDiagram(root, { onInputClick } = {}) {
  let W = 0;
  let H = 0;
  let shape = '';
  let network = null;
  let shown = []; // the last step shown per layer, to redraw after a resize
  let nodes = []; // nodes[layer][node] = { g, body, value }
  let edges = []; // edges[layer-1][j * nIn + i] = path
  let kinds = [];

  function layout(sizes) {
    const columns = sizes.length;
    const most = Math.max(...sizes);
    const r = Math.max(9, Math.min(W < 500 ? 26 : 30, (H - 2 * MARGIN_Y) / (most * 2.6)));
    const pos = sizes.map((n, l) => {
      const x = MARGIN_X + (columns === 1 ? 0 : (l * (W - 2 * MARGIN_X)) / (columns - 1));
      const gap = (H - 2 * MARGIN_Y) / n;
      return Array.from({ length: n }, (_, j) => ({ x, y: MARGIN_Y + gap * (j + 0.5) }));
    });
    return { pos, r };
  }

  function build(sizes) {
    ({ W, H } = sizeFor(root.getBoundingClientRect().width || 800));
    root.setAttribute('viewBox', `0 0 ${W} ${H}`);
    root.replaceChildren();
    const { pos, r } = layout(sizes);
    root.style.setProperty('--value-size', `${Math.max(9, r * 0.55).toFixed(1)}px`);
    const edgeGroup = svg('g', { class: 'edges' });
    const nodeGroup = svg('g', { class: 'nodes' });
    edges = [];
    for (let l = 1; l < sizes.length; l++) {
      const row = [];
      for (let j = 0; j < sizes[l]; j++) {
        for (let i = 0; i < sizes[l - 1]; i++) {
          const a = pos[l - 1][i];
          const b = pos[l][j];
          const path = svg('path', { class: 'edge pos', d: `M${a.x + r},${a.y} C${(a.x + b.x) / 2},${a.y} ${(a.x + b.x) / 2},${b.y} ${b.x - r},${b.y}` });
          edgeGroup.append(path);
          row.push(path);
        }
      }
      edges.push(row);
    }
    nodes = sizes.map((n, l) =>
      pos[l].map(({ x, y }, j) => {
        const body = svg('circle', { class: 'body', cx: x, cy: y, r, 'fill-opacity': 0.08 });
        const ring = svg('circle', { class: 'ring', cx: x, cy: y, r: r + 5 });
        const value = svg('text', { class: 'value', x, y: y + 4 });
        const g = svg('g', { class: 'node', id: `node-${l}-${j}`, dataset: { layer: l, node: j, activation: 0, fired: false } }, ring, body, value);
        if (l === 0 && onInputClick) {
          g.style.cursor = 'pointer';
          g.addEventListener('click', () => onInputClick(j));
        }
        nodeGroup.append(g);
        return { g, body, value };
      }),
    );
    const last = sizes.length - 1;
    sizes.forEach((_, l) => {
      const label = l === 0 ? 'inputs' : l === last ? 'output' : `hidden ${sizes.length > 3 ? l : ''}`.trim();
      nodeGroup.append(svg('text', { class: 'layer-label', x: pos[l][0].x, y: H - 8 }, label));
    });
    root.append(edgeGroup, nodeGroup);
  }

  /** Draws the network's shape (once) and its weights (every time they change). */
  function setNetwork(net) {
    network = net;
    const sizes = network.sizes;
    if (sizes.join('-') !== shape) {
      shape = sizes.join('-');
      build(sizes);
    }
    kinds = ['input', ...network.layers.map((l) => l.activation)];
    let max = 1e-9;
    for (const layer of network.layers) for (const w of layer.weights) max = Math.max(max, Math.abs(num(w)));
    network.layers.forEach((layer, l) => {
      layer.weights.forEach((raw, k) => {
        const w = num(raw);
        const path = edges[l]?.[k];
        if (!path) return;
        path.setAttribute('class', `edge ${w < 0 || Object.is(w, -0) ? 'neg' : 'pos'}`);
        path.setAttribute('stroke-width', (0.5 + (5.5 * Math.abs(w)) / max).toFixed(2));
        path.setAttribute('data-weight', String(w));
      });
    });
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
      n.value.setAttribute('fill', level > 0.45 ? '#111' : '#e6e9ee');
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

  /** Shows a whole pass at once (a fresh page, no animation). */
  function showTrace(trace) {
    if (!trace) return;
    showStep({ layer: 0, activations: trace.inputs, fired: trace.inputs.map((v) => v >= 0.5) });
    trace.layers.forEach((l, i) => showStep({ layer: i + 1, activations: l.activations, fired: l.fired }));
  }

  // Redraw at the other size when the panel crosses the phone/laptop width.
  new ResizeObserver(() => {
    if (!network || sizeFor(root.getBoundingClientRect().width).W === W) return;
    shape = '';
    const steps = shown;
    shown = [];
    setNetwork(network);
    steps.forEach((s) => s && showStep({ ...s, fired: s.fired.map(() => false) }));
  }).observe(root);

  return { setNetwork, showStep, showTrace };
}
