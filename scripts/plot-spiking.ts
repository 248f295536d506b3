/**
 * `npx tsx scripts/plot-spiking.ts`: draws docs/spiking-neuron.svg, one spiking neuron's potential
 * over twelve seconds as its two inputs switch on and off, from the model itself (src/core/spiking.ts
 * with its default parameters), so the picture in docs/spiking.md is what the code does. Plain SVG
 * written by hand: no plotting package for one figure. Deterministic: run it again, same file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allocateNetwork, createSpikingNetwork, DEFAULT_SPIKING_PARAMS, hardSigmoid } from '../src/core/index.js';
import { PACKAGE_ROOT } from '../src/hosts/node/paths.js';

// The neuron: input A excites it (w = +3), input B inhibits it (w = −6); its bias keeps it quiet alone.
const W_A = 3;
const W_B = -6;
const BIAS = -2.5;
/** When each input is on, seconds. */
const A_ON: [number, number] = [1, 10];
const B_ON: [number, number] = [5, 7.5];
const END_S = 12;

const net = allocateNetwork([2, 1], ['sigmoid'], [0.5]);
net.layers[0]!.weights.set([W_A, W_B]);
net.layers[0]!.biases[0] = BIAS;
const spiking = createSpikingNetwork(net);
const dt = spiking.params.dtMs / 1000;
const on = ([from, to]: [number, number], t: number): boolean => t >= from && t < to;

/** Each step: time, potential after it, whether the neuron spiked, whether each input spiked. */
const trace: { t: number; v: number; spike: boolean; a: boolean; b: boolean }[] = [];
for (let step = 0; step * dt < END_S; step++) {
  const t = step * dt;
  spiking.setInputs([on(A_ON, t) ? 1 : 0, on(B_ON, t) ? 1 : 0]);
  spiking.step();
  trace.push({ t: t + dt, v: spiking.potentials[1]![0]!, spike: spiking.spikes[1]![0] === 1, a: spiking.spikes[0]![0] === 1, b: spiking.spikes[0]![1] === 1 });
}

// Layout: the potential plot on top, the two inputs as lanes under it.
const WIDTH = 900;
const HEIGHT = 486;
const LEFT = 70;
const RIGHT = 200;
const TOP = 64;
const PLOT_H = 270;
const V_MIN = -3.5;
const V_MAX = 2.7;
const x = (t: number): number => LEFT + (t / END_S) * (WIDTH - LEFT - RIGHT);
const y = (v: number): number => TOP + ((V_MAX - v) / (V_MAX - V_MIN)) * PLOT_H;
const f = (n: number): string => n.toFixed(1);
/** A number as a person writes it, with a real minus sign. */
const signed = (n: number, plus = ''): string => (n < 0 ? `−${-n}` : `${plus}${n}`);
const rate = (n: number, digits: number): string => (n === 0 ? '0' : n.toFixed(digits));
const LANE_A = TOP + PLOT_H + 48;
const LANE_B = LANE_A + 34;

// The potential as one path; at a spike it climbs to the threshold, then drops by one (reset by subtraction).
const path: string[] = [`M${f(x(0))},${f(y(0))}`];
const spikes: number[] = [];
for (const p of trace) {
  if (p.spike) {
    path.push(`L${f(x(p.t))},${f(y(1))}`);
    spikes.push(p.t);
  }
  path.push(`L${f(x(p.t))},${f(y(p.v))}`);
}

/** The steady rate in a window, from the mean interval between its spikes (a count over a short window is too coarse). */
const rateIn = (window: [number, number]): number => {
  const inside = spikes.filter((t) => t >= window[0] && t < window[1]);
  return inside.length < 2 ? 0 : (inside.length - 1) / (inside[inside.length - 1]! - inside[0]!);
};
// Measured once the signal has arrived and settled (one axon delay plus a second), against the hard sigmoid.
const delayS = DEFAULT_SPIKING_PARAMS.axonDelayMs / 1000;
const phases = [
  { label: 'A on', from: A_ON[0], to: B_ON[0], z: W_A + BIAS },
  { label: 'A and B on', from: B_ON[0], to: B_ON[1], z: W_A + W_B + BIAS },
  { label: 'A on', from: B_ON[1], to: A_ON[1], z: W_A + BIAS },
];

const svg: string[] = [];
svg.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="13">`);
svg.push('  <title>One spiking neuron: its potential as input A (excitatory) and input B (inhibitory) switch on and off</title>');
svg.push(`  <rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`);
svg.push(
  `  <text x="${LEFT}" y="24" font-size="16" font-weight="bold" fill="#222">One spiking neuron: potential V as its inputs switch on and off</text>`,
);
svg.push(
  `  <text x="${LEFT}" y="44" fill="#555">weights A ${signed(W_A, '+')}, B ${signed(W_B)}, bias ${signed(BIAS)}; τ ${DEFAULT_SPIKING_PARAMS.tauMs} ms, refractory ${DEFAULT_SPIKING_PARAMS.refractoryMs} ms, floor ${signed(DEFAULT_SPIKING_PARAMS.floor)}, axon delay ${DEFAULT_SPIKING_PARAMS.axonDelayMs} ms, synapse ${DEFAULT_SPIKING_PARAMS.synapseMs} ms</text>`,
);
// Shade when each input is on, across the plot, so cause and effect line up.
svg.push(`  <rect x="${f(x(A_ON[0]))}" y="${TOP}" width="${f(x(A_ON[1]) - x(A_ON[0]))}" height="${PLOT_H}" fill="#e8f4ea"/>`);
svg.push(`  <rect x="${f(x(B_ON[0]))}" y="${TOP}" width="${f(x(B_ON[1]) - x(B_ON[0]))}" height="${PLOT_H}" fill="#f9e3e1"/>`);
// Axes and grid.
for (let v = -3; v <= 1; v++) {
  svg.push(`  <line x1="${LEFT}" x2="${f(x(END_S))}" y1="${f(y(v))}" y2="${f(y(v))}" stroke="#ddd"/>`);
  svg.push(`  <text x="${LEFT - 8}" y="${f(y(v) + 4)}" text-anchor="end" fill="#333">${signed(v)}</text>`);
}
for (let t = 0; t <= END_S; t++) {
  svg.push(`  <line x1="${f(x(t))}" x2="${f(x(t))}" y1="${TOP + PLOT_H}" y2="${TOP + PLOT_H + 5}" stroke="#333"/>`);
  svg.push(`  <text x="${f(x(t))}" y="${LANE_B + 36}" text-anchor="middle" fill="#333">${t}</text>`);
}
svg.push(`  <line x1="${LEFT}" x2="${LEFT}" y1="${TOP}" y2="${TOP + PLOT_H}" stroke="#333"/>`);
svg.push(`  <line x1="${LEFT}" x2="${f(x(END_S))}" y1="${TOP + PLOT_H}" y2="${TOP + PLOT_H}" stroke="#333"/>`);
svg.push(`  <text x="${f((LEFT + x(END_S)) / 2)}" y="${LANE_B + 56}" text-anchor="middle" fill="#222">time (s)</text>`);
svg.push(
  `  <text transform="translate(22 ${f(TOP + PLOT_H / 2)}) rotate(-90)" text-anchor="middle" fill="#222">potential V (thresholds)</text>`,
);
// Threshold and floor.
svg.push(`  <line x1="${LEFT}" x2="${f(x(END_S))}" y1="${f(y(1))}" y2="${f(y(1))}" stroke="#c05a00" stroke-dasharray="6 4"/>`);
svg.push(`  <text x="${f(x(END_S) + 8)}" y="${f(y(1) + 4)}" fill="#c05a00">threshold: spike, V − 1</text>`);
svg.push(`  <line x1="${LEFT}" x2="${f(x(END_S))}" y1="${f(y(-3))}" y2="${f(y(-3))}" stroke="#7a3fa0" stroke-dasharray="6 4"/>`);
svg.push(`  <text x="${f(x(END_S) + 8)}" y="${f(y(-3) + 4)}" fill="#7a3fa0">floor: inhibition</text>`);
svg.push(`  <text x="${f(x(END_S) + 8)}" y="${f(y(-3) + 20)}" fill="#7a3fa0">saturates</text>`);
svg.push(`  <text x="${f(x(END_S) + 8)}" y="${f(y(0) + 4)}" fill="#555">rest</text>`);
// The potential and its spikes.
svg.push(`  <path d="${path.join('')}" fill="none" stroke="#1f5f9f" stroke-width="1.6" stroke-linejoin="round"/>`);
for (const t of spikes) {
  svg.push(`  <line x1="${f(x(t))}" x2="${f(x(t))}" y1="${f(y(1))}" y2="${f(y(1.7))}" stroke="#d62b1f" stroke-width="2"/>`);
}
svg.push(`  <text x="${f(x(END_S) + 8)}" y="${f(y(1.55))}" fill="#d62b1f">spikes</text>`);
// Rates measured in each phase, against the hard sigmoid's promise.
for (const p of phases) {
  const measured = rateIn([p.from + delayS + 1, p.to + delayS]);
  const want = 10 * hardSigmoid(p.z);
  const middle = f((x(p.from) + x(p.to)) / 2);
  svg.push(`  <text x="${middle}" y="${f(y(2.35))}" text-anchor="middle" fill="#222">z = ${signed(p.z, '+')}: ${rate(measured, 1)}/s</text>`);
  svg.push(`  <text x="${middle}" y="${f(y(2.35) + 16)}" text-anchor="middle" fill="#555">hard sigmoid ${rate(want, 2)}/s</text>`);
}
// Input lanes: when each input is on, and its spikes.
for (const [label, lane, window, key, colour] of [
  ['input A (+3)', LANE_A, A_ON, 'a', '#2e7d32'],
  ['input B (−6)', LANE_B, B_ON, 'b', '#c62828'],
] as const) {
  svg.push(`  <text x="${LEFT - 8}" y="${lane + 4}" text-anchor="end" fill="${colour}">${label.split(' (')[0]}</text>`);
  svg.push(`  <line x1="${LEFT}" x2="${f(x(END_S))}" y1="${lane}" y2="${lane}" stroke="#ccc"/>`);
  svg.push(`  <rect x="${f(x(window[0]))}" y="${lane - 9}" width="${f(x(window[1]) - x(window[0]))}" height="18" fill="${colour}" opacity="0.15"/>`);
  for (const p of trace) if (p[key]) svg.push(`  <line x1="${f(x(p.t))}" x2="${f(x(p.t))}" y1="${lane - 9}" y2="${lane + 9}" stroke="${colour}" stroke-width="1.5"/>`);
  svg.push(`  <text x="${f(x(END_S) + 8)}" y="${lane + 4}" fill="${colour}">${label}: 10 spikes/s</text>`);
}
svg.push('</svg>');

const out = join(PACKAGE_ROOT, 'docs', 'spiking-neuron.svg');
writeFileSync(out, `${svg.join('\n')}\n`);
console.log(`wrote docs/spiking-neuron.svg (${spikes.length} spikes in ${END_S} s)`);
