/**
 * The console's neurons panel: staff switch what the boards show (the network, or the same network as
 * spiking neurons: PUT /api/neurons), read the agreement check ("agrees on N of N examples", and
 * which differ), and watch one neuron's membrane potential over the last few seconds, like an
 * oscilloscope: the potential, the threshold at 1, and a mark at each spike. The trace is the
 * exhibit's own (its `spike` events, ten a second), so it shows what the boards flash.
 */
import uPlot from '/vendor/uplot/uPlot.esm.js';
import { el } from '../../kit/dom.js';
import { nodeLabels } from '../../kit/nodeNames.js';

const SPAN_S = 5;
const GRID = { stroke: 'rgba(139, 149, 163, 0.18)', width: 1 };

export function createMembranePanel({ panel, buttons, agreement, differ, select, chart, problem }, { client, onError }) {
  let model = 'sigmoid';
  let labels = null;
  let chosen = null; // 'layer:node'
  let t0 = null;
  const xs = [];
  const vs = [];
  const marks = []; // spike marks: the potential axis' top where it spiked, else null

  const width = () => Math.max(240, Math.floor(chart.clientWidth || 320));
  const plot = new uPlot(
    {
      width: width(),
      height: 180,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false }, y: { range: [-3.2, 1.3] } },
      axes: [
        { stroke: '#8b95a3', grid: GRID, ticks: GRID, label: 'seconds', labelSize: 18, size: 36 },
        { stroke: '#8b95a3', grid: GRID, ticks: GRID, label: 'potential (1 fires)', labelSize: 18, size: 48 },
      ],
      series: [
        {},
        { label: 'potential', stroke: '#ffcf3f', width: 2, points: { show: false } },
        { label: 'threshold', stroke: 'rgba(255, 107, 90, 0.7)', width: 1, dash: [6, 4], points: { show: false } },
        { label: 'spike', stroke: 'transparent', points: { show: true, size: 9, fill: '#ff6b5a', stroke: '#ff6b5a' } },
      ],
    },
    [[], [], [], []],
    chart,
  );
  new ResizeObserver(() => plot.setSize({ width: width(), height: 180 })).observe(chart);

  let pending = false;
  function redraw() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      plot.setData([xs, vs, xs.map(() => 1), marks]);
      chart.dataset.points = String(xs.length);
      chart.dataset.last = vs.length ? String(vs[vs.length - 1]) : '';
      chart.dataset.spikes = String(marks.filter((m) => m !== null).length);
    });
  }

  function clear() {
    xs.length = 0;
    vs.length = 0;
    marks.length = 0;
    t0 = null;
    redraw();
  }

  function showModel(next, report) {
    model = next;
    panel.dataset.model = next;
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.model === next));
    if (next !== 'spiking') {
      agreement.textContent = report
        ? `The boards show the network. Last check of the spiking neurons: agrees on ${report.right} of ${report.of} examples.`
        : 'The boards show the network. Switch to real neurons to run the agreement check and show them spiking.';
    } else if (report) {
      const window = report.remedy === 'longer-window' ? ` (answers counted over ${report.windowMs / 1000} s)` : '';
      agreement.textContent = `Spiking neurons agree with the network on ${report.right} of ${report.of} examples${window}.`;
    }
    const rows = (next === 'spiking' && report?.differing) || [];
    differ.replaceChildren(
      ...rows.map((d) => el('li', {}, `${d.label ?? `example ${d.index + 1}`} (${d.inputs.join(', ')}): the network answers ${answer(d.networkAnswer)}, the spiking neurons ${d.steady ? answer(d.spikingAnswer) : 'waver'}`)),
    );
    differ.hidden = rows.length === 0;
    if (next !== 'spiking') clear();
  }

  const answer = (outs) => (outs.length === 0 ? 'nothing' : outs.map((o) => labels?.at(-1)?.[o] ?? `output ${o + 1}`).join(' + '));

  function setShape(state) {
    labels = nodeLabels(state);
    const options = labels.flatMap((layer, l) => layer.map((name, j) => ({ value: `${l}:${j}`, name: `${l === 0 ? 'input' : l === labels.length - 1 ? 'output' : 'hidden'} · ${name}` })));
    const key = options.map((o) => o.value + o.name).join();
    if (select.dataset.key === key) return;
    select.dataset.key = key;
    // By default the answer: the neuron whose spikes are counted.
    chosen = options.some((o) => o.value === chosen) ? chosen : `${labels.length - 1}:0`;
    select.replaceChildren(...options.map((o) => el('option', { value: o.value, selected: o.value === chosen }, o.name)));
    clear();
  }

  function onFrame(frame) {
    const [l, j] = chosen.split(':').map(Number);
    const v = frame.potential[l]?.[j];
    if (v === undefined) return;
    const now = performance.now() / 1000;
    t0 ??= now;
    const x = now - t0;
    xs.push(x);
    vs.push(v);
    marks.push(frame.spikes?.[l]?.[j] > 0 ? 1.15 : null);
    while (xs.length && xs[0] < x - SPAN_S) {
      xs.shift();
      vs.shift();
      marks.shift();
    }
    redraw();
  }

  select.addEventListener('change', () => {
    chosen = select.value;
    clear();
  });
  for (const b of buttons) {
    b.addEventListener('click', async () => {
      problem.hidden = true;
      for (const x of buttons) x.disabled = true;
      try {
        const reply = await client.setNeuronModel(b.dataset.model);
        showModel(reply.model, reply.agreement);
      } catch (err) {
        problem.textContent = err?.message ?? String(err);
        problem.hidden = false;
        onError(err);
      } finally {
        for (const x of buttons) x.disabled = false;
      }
    });
  }

  client.on('hello', (s) => {
    setShape(s);
    showModel(s.neurons?.model ?? 'sigmoid', s.neurons?.agreement ?? null);
  });
  client.on('neurons', (n) => showModel(n.model, n.agreement));
  client.on('spike', (r) => model === 'spiking' && onFrame(r));

  return {
    get model() {
      return model;
    },
  };
}
