/**
 * The decision map, as TensorFlow Playground draws it: the network's answer for every mix of the
 * two inputs (0–1 each), blue for YES, orange for NO, paler near the threshold, with the corpus
 * examples on it as dots and the current inputs as a ring. Computed from the weights by the
 * project's own forward pass (kit/core.js, bundled from src/core), so the map answers as the boards
 * do. For a single neuron (the story's one-neuron act) it also draws the neuron's one straight line
 * and crosses out the examples it gets wrong, so a failed XOR shows why it fails.
 */
import { createForwardRunner, networkFromJson } from '../../kit/core.js';
import { boundaryLine, clipToSquare, wrongExamples } from './line.js';

const CELLS = 60;
/** The square shown: a margin around 0–1, so the corner examples sit inside it. */
const LOW = -0.1;
const SPAN = 1.2;
const YES = [37, 99, 235];
const NO = [234, 88, 12];
const PALE = [246, 246, 242];

function mix(v) {
  const [to, k] = v >= 0.5 ? [YES, (v - 0.5) * 2] : [NO, (0.5 - v) * 2];
  return PALE.map((p, i) => Math.round(p + (to[i] - p) * Math.min(1, k) * 0.85));
}

export function createDecisionMap(canvas) {
  const ctx = canvas.getContext('2d');
  // The map's cells as pixels, one per cell, drawn scaled up in one call: 3,600 fillRects with a
  // colour string each took about 200 ms on a busy phone-class machine, on every redraw.
  // A plain canvas, not an OffscreenCanvas: kiosk tablets with an older Safari (before 16.4) have none.
  const cells = Object.assign(document.createElement('canvas'), { width: CELLS, height: CELLS });
  const cellsCtx = cells.getContext('2d');
  const pixels = cellsCtx.createImageData(CELLS, CELLS);
  let draws = 0;
  let last = { network: null, corpus: null, inputs: [0, 0], markWrong: false };

  function draw() {
    const { network, corpus, inputs, markWrong } = last;
    if (!network) return;
    const size = canvas.width;
    const net = networkFromJson(network);
    const runner = createForwardRunner(net);
    const { activation, threshold } = net.layers.at(-1);
    const point = new Float64Array(2);
    const scale = (v) => (activation === 'tanh' ? (v + 1) / 2 : v);
    let yes = 0;
    let sum = 0;
    for (let cx = 0; cx < CELLS; cx++) {
      for (let cy = 0; cy < CELLS; cy++) {
        point[0] = LOW + (SPAN * (cx + 0.5)) / CELLS;
        point[1] = LOW + SPAN - (SPAN * (cy + 0.5)) / CELLS; // input B grows upwards
        const out = runner.run(point).outputs[0];
        if (out >= threshold) yes++;
        sum += out;
        const [r, g, b] = mix(scale(out));
        const p = 4 * (cy * CELLS + cx);
        pixels.data[p] = r;
        pixels.data[p + 1] = g;
        pixels.data[p + 2] = b;
        pixels.data[p + 3] = 255;
      }
    }
    cellsCtx.putImageData(pixels, 0, 0);
    ctx.imageSmoothingEnabled = false; // square cells, as Playground draws them
    ctx.drawImage(cells, 0, 0, size, size);
    const at = (v) => ((v - LOW) / SPAN) * size;
    for (const ex of corpus?.examples ?? []) {
      const [r, g, b] = ex.targets[0] >= threshold ? YES : NO;
      ctx.beginPath();
      ctx.arc(at(ex.inputs[0]), at(1 - ex.inputs[1]), size / 40, 0, 2 * Math.PI);
      ctx.fillStyle = `rgb(${r},${g},${b})`;
      ctx.fill();
      ctx.lineWidth = size / 160;
      ctx.strokeStyle = '#fff';
      ctx.stroke();
    }
    const line = drawLine(network, at, size);
    const wrong = markWrong ? wrongExamples(network, corpus?.examples ?? []) : [];
    for (const i of wrong) crossOut(corpus.examples[i], at, size);
    canvas.dataset.line = String(line);
    canvas.dataset.wrong = String(wrong.length);
    ctx.beginPath();
    ctx.arc(at(inputs[0]), at(1 - inputs[1]), size / 22, 0, 2 * Math.PI);
    ctx.lineWidth = size / 100;
    ctx.strokeStyle = '#111';
    ctx.stroke();
    draws++;
    canvas.dataset.draws = String(draws);
    canvas.dataset.sum = sum.toFixed(3);
    canvas.dataset.yes = String(yes);
    return { yes, total: CELLS * CELLS, line, wrong: wrong.length };
  }

  /** A single neuron's boundary as a thick dark line with a light edge, readable on both colours. */
  function drawLine(network, at, size) {
    const line = boundaryLine(network);
    const ends = line && clipToSquare(line, LOW, LOW + SPAN);
    if (!ends) return false;
    for (const [colour, width] of [['#ffffff', size / 55], ['#111111', size / 110]]) {
      ctx.beginPath();
      ctx.moveTo(at(ends[0][0]), at(1 - ends[0][1]));
      ctx.lineTo(at(ends[1][0]), at(1 - ends[1][1]));
      ctx.lineWidth = width;
      ctx.lineCap = 'round';
      ctx.strokeStyle = colour;
      ctx.stroke();
    }
    return true;
  }

  /** An example on the wrong side of the line: a dark ring and a cross over its dot. */
  function crossOut(ex, at, size) {
    const [x, y] = [at(ex.inputs[0]), at(1 - ex.inputs[1])];
    const r = size / 22;
    for (const [colour, width] of [['#ffffff', size / 45], ['#111111', size / 110]]) {
      ctx.beginPath();
      ctx.arc(x, y, r * 1.25, 0, 2 * Math.PI);
      ctx.moveTo(x - r * 0.6, y - r * 0.6);
      ctx.lineTo(x + r * 0.6, y + r * 0.6);
      ctx.moveTo(x + r * 0.6, y - r * 0.6);
      ctx.lineTo(x - r * 0.6, y + r * 0.6);
      ctx.lineWidth = width;
      ctx.strokeStyle = colour;
      ctx.stroke();
    }
  }

  /** Redraws with what changed; returns how many of the map's points say YES. */
  function update(changes) {
    last = { ...last, ...changes };
    return draw();
  }

  return { update };
}
