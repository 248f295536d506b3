/**
 * The visitor page's "real neurons" view: a switch between "the network" and "real neurons", and in
 * the neurons view each neuron filling up as it charges and emptying as it leaks (tinted when held
 * below rest), a ring at each spike, and each spike as a dot travelling along the connections to
 * the next layer, taking the axon delay to get there; with a caption in plain words.
 *
 * The switch changes only what this screen draws, never what the exhibit runs (docs/api.md: a
 * visitor looks, staff change what runs). It follows the boards until a visitor chooses, and again
 * once nobody is there. The frames come from kit/spikeFeed.js: the boards' own spikes while they
 * run spiking neurons, else the same network simulated on the page.
 */
import { el, svg } from '../../kit/dom.js';
import { networkLinks } from '../../kit/networkGeometry.js';
import { createSpikeFeed } from '../../kit/spikeFeed.js';

/** At most this many dots at once (a digits rig with every segment on sends hundreds a second). */
const MAX_DOTS = 300;

export function createSpikesView({ heading, drawing, network, client, t }) {
  let view = 'network';
  let chosen = null; // the visitor's choice, or null: follow the boards
  let geometryKey = null;
  let links = []; // links[l][j * nIn + i]: { path, length, sign }
  let nodes = []; // nodes[l][j]: { fill, ring, cx, cy, r }
  let weights = null; // the network document's layers, for each dot's colour
  let lastFrame = null;
  const dots = [];
  // Under the nodes (their names stay on top): each neuron's charge. Over them: the rings and the dots.
  const under = svg('g', { class: 'spikes-under', 'aria-hidden': 'true' });
  const overlay = svg('g', { class: 'spikes-overlay', 'aria-hidden': 'true' });

  const buttons = ['network', 'neurons'].map((v) => {
    const b = el('button', { type: 'button', class: 'view-choice', dataset: { view: v } });
    b.addEventListener('click', () => {
      chosen = v;
      show(v);
    });
    return b;
  });
  const group = el('div', { class: 'view-switch', role: 'group' }, ...buttons);
  const caption = el('p', { class: 'spikes-caption', hidden: true });
  const status = el('p', { class: 'spikes-status', hidden: true });
  heading.after(group);
  drawing.after(caption, status);

  const feed = createSpikeFeed(client, {
    onFrame: (f) => {
      lastFrame = f;
      if (view === 'neurons') paint(f);
    },
    onModel: (model) => {
      if (chosen === null) show(model === 'spiking' ? 'neurons' : 'network');
      else words();
    },
  });

  /** The boards' trace still reaches the network view while they spike (no cascade plays then). */
  client.on('trace', (trace) => {
    if (feed.model === 'spiking' && view === 'network') network.showTrace(trace);
  });
  client.on('visitors', (v) => {
    if (!v.idle) return;
    chosen = null; // the next visitor meets what the boards show
    show(feed.model === 'spiking' ? 'neurons' : 'network');
  });

  function show(next) {
    view = next;
    drawing.dataset.view = next;
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.view === next));
    caption.hidden = next !== 'neurons';
    feed.wantLocal(next === 'neurons');
    if (next === 'neurons') {
      if (lastFrame) paint(lastFrame);
    } else {
      overlay.remove();
      under.remove();
      for (const d of dots.splice(0)) d.el.remove();
    }
    words();
  }

  /** Every word, in the current language. */
  function words() {
    group.setAttribute('aria-label', t('view.label'));
    buttons[0].textContent = t('view.network');
    buttons[1].textContent = t('view.neurons');
    caption.textContent = t('neurons.caption');
    const agreement = feed.agreement;
    const differs = feed.model === 'spiking' && agreement && agreement.right < agreement.of;
    status.textContent =
      view !== 'neurons' ? '' : differs ? t('neurons.differs', { right: agreement.right, of: agreement.of }) : t(feed.model === 'spiking' ? 'neurons.onBoards' : 'neurons.onScreen');
    status.hidden = view !== 'neurons';
  }

  /** Builds the overlay for the drawing's current shape (again when network.js redraws it). */
  function build() {
    const geometry = network.shape();
    if (!geometry) return false;
    const key = `${geometry.W}x${geometry.H}|${geometry.vertical}|${geometry.pos.map((l) => l.length).join('-')}|${geometry.pos[0]?.[0]?.x},${geometry.pos[0]?.[0]?.y}`;
    if (key === geometryKey && overlay.isConnected && under.isConnected) return true;
    geometryKey = key;
    overlay.replaceChildren();
    under.replaceChildren();
    for (const d of dots.splice(0)) d.el.remove();
    const defs = svg('defs');
    const wires = svg('g', { class: 'spike-wires' });
    const cells = svg('g', { class: 'spike-cells' });
    const rings = svg('g', { class: 'spike-rings' });
    under.append(defs, wires, cells);
    overlay.append(rings);
    links = networkLinks(geometry).map((row) =>
      row.map(({ d }) => {
        const path = wires.appendChild(svg('path', { d, class: 'spike-wire' }));
        return { path, length: path.getTotalLength() };
      }),
    );
    const { pos, r } = geometry;
    nodes = pos.map((layer, l) =>
      layer.map(({ x, y }, j) => {
        const id = `spike-clip-${l}-${j}`;
        defs.append(svg('clipPath', { id }, svg('circle', { cx: x, cy: y, r })));
        const base = svg('circle', { class: 'spike-base', cx: x, cy: y, r });
        const below = svg('circle', { class: 'spike-below', cx: x, cy: y, r, 'fill-opacity': 0 });
        const fill = svg('rect', { class: 'spike-charge', x: x - r, y: y + r, width: 2 * r, height: 0, 'clip-path': `url(#${id})` });
        const ring = svg('circle', { class: 'spike-ring', cx: x, cy: y, r: r + 4, dataset: { layer: l, node: j } });
        cells.append(base, below, fill);
        rings.append(ring);
        return { fill, below, ring, cx: x, cy: y, r };
      }),
    );
    const nodeGroup = drawing.querySelector('.nodes');
    if (nodeGroup) drawing.insertBefore(under, nodeGroup);
    else drawing.append(under);
    drawing.append(overlay);
    return true;
  }

  /** One frame: every neuron's charge, a ring for each spike, and dots setting off along the wires. */
  function paint(frame) {
    if (!build()) return;
    frame.potential.forEach((layer, l) =>
      layer.forEach((v, j) => {
        const n = nodes[l]?.[j];
        if (!n) return;
        const charge = Math.min(1, Math.max(0, v));
        n.fill.setAttribute('y', String(n.cy + n.r - 2 * n.r * charge));
        n.fill.setAttribute('height', String(2 * n.r * charge));
        // Held below rest (inhibited): a tint that deepens towards the floor.
        n.below.setAttribute('fill-opacity', (Math.min(1, Math.max(0, -v) / 3) * 0.6).toFixed(3));
        n.ring.dataset.potential = v.toFixed(2);
      }),
    );
    const now = performance.now();
    frame.spikes.forEach((layer, l) =>
      layer.forEach((count, j) => {
        if (!(count > 0)) return;
        const n = nodes[l]?.[j];
        if (!n) return;
        n.ring.classList.remove('spiked');
        void n.ring.getBoundingClientRect();
        n.ring.classList.add('spiked');
        const out = links[l];
        if (!out) return;
        const nIn = frame.potential[l].length;
        const next = out.length / nIn;
        for (let k = 0; k < next; k++) launch(out[k * nIn + j], weightOf(l, k, j, nIn), now, frame.axonDelayMs);
      }),
    );
    overlay.dataset.frames = String(Number(overlay.dataset.frames ?? 0) + 1);
    if (!animating) requestAnimationFrame(move);
  }

  function weightOf(l, k, j, nIn) {
    const w = weights?.[l]?.weights?.[k * nIn + j];
    return typeof w === 'number' ? w : Number(w ?? 1);
  }

  function launch(link, w, now, ms) {
    if (!link || Math.abs(w) < 0.05) return;
    if (dots.length >= MAX_DOTS) dots.shift().el.remove();
    const dot = svg('circle', { class: `spike-dot ${w >= 0 ? 'pos' : 'neg'}`, r: 5 });
    overlay.append(dot);
    dots.push({ el: dot, link, start: now, ms: Math.max(60, ms) });
  }

  let animating = false;
  function move() {
    const now = performance.now();
    animating = dots.length > 0;
    for (let i = dots.length - 1; i >= 0; i--) {
      const d = dots[i];
      const f = (now - d.start) / d.ms;
      if (f >= 1) {
        d.el.remove();
        dots.splice(i, 1);
        continue;
      }
      const p = d.link.path.getPointAtLength(f * d.link.length);
      d.el.setAttribute('cx', p.x.toFixed(1));
      d.el.setAttribute('cy', p.y.toFixed(1));
    }
    if (animating) requestAnimationFrame(move);
  }

  show('network');

  return {
    /** The state was drawn again (main.js render): new words, and new weights for the page's own neurons. */
    render(state) {
      weights = state.network?.layers ?? null;
      feed.setNetwork(state.network);
      words();
      if (view === 'neurons' && lastFrame) paint(lastFrame);
    },
    get view() {
      return view;
    },
  };
}
