/**
 * The spiking model's rules, one by one, on networks small enough to work out by hand: exact
 * exponential steps, reset by subtraction, the floor, the refractory ceiling, the axon delay, the
 * synapse's charge, input neurons, determinism, and the mistakes a caller can make.
 */
import { describe, expect, it } from 'vitest';
import {
  allocateNetwork,
  createNetwork,
  createSpikingNetwork,
  DEFAULT_SPIKING_PARAMS,
  isNbError,
  rateMapping,
  spikingParams,
  type Network,
  type SpikingNetwork,
} from '../../src/core/index.js';

/** 1 input → 1 neuron with the given weight and bias. */
function oneNeuron(weight: number, bias: number): Network {
  const net = allocateNetwork([1, 1], ['sigmoid'], [0.5]);
  net.layers[0]!.weights[0] = weight;
  net.layers[0]!.biases[0] = bias;
  return net;
}

/** Steps until `done()` holds after a step, or `maxMs`; returns the simulated time reached. */
function runUntil(spiking: SpikingNetwork, done: () => boolean, maxMs: number): number {
  do spiking.step();
  while (!done() && spiking.timeMs < maxMs);
  return spiking.timeMs;
}

const m = rateMapping(DEFAULT_SPIKING_PARAMS);

describe('spiking model', () => {
  it('has the defaults a person can see: τ 500 ms, 100 ms refractory (10 spikes/s), floor −3, 300 ms axon delay, 5 ms steps', () => {
    expect(DEFAULT_SPIKING_PARAMS).toMatchObject({ tauMs: 500, refractoryMs: 100, floor: -3, axonDelayMs: 300, dtMs: 5, windowMs: 1000, synapseMs: 100 });
    expect(m.maxRate).toBe(10);
  });

  it('integrates the leak exactly: below threshold V follows I·τ·(1 − e^(−t/τ)) whatever the time step', () => {
    // z = −2 gives I = I½ − 2k ≈ 1.13 thresholds/s, whose resting level I·τ ≈ 0.57 stays under threshold.
    const current = m.halfCurrent - 2 * m.gain;
    for (const dtMs of [1, 5, 10]) {
      const spiking = createSpikingNetwork(oneNeuron(0, -2), { dtMs });
      spiking.advance(700);
      expect(spiking.potentials[1]![0]).toBeCloseTo(current * 0.5 * (1 - Math.exp(-0.7 / 0.5)), 12);
    }
  });

  it('resets by subtraction, and while it rests after a spike V is held at most at the threshold', () => {
    // One spike through w = 5/kick with no synapse lifts V by exactly 5 thresholds: it spikes, and V − 1 = 4 is held at 1.
    const spiking = createSpikingNetwork(oneNeuron(5 / m.kick, -2.46), { synapseMs: 0, axonDelayMs: 5 });
    spiking.setInputs([1]);
    spiking.step(); // the input neuron fires at once
    expect(spiking.spikes[0]![0]).toBe(1);
    spiking.setInputs([0]);
    spiking.step(); // its spike arrives at the end of this step
    expect(spiking.spikes[1]![0]).toBe(1);
    expect(spiking.potentials[1]![0]).toBe(1);
  });

  it('subtracts one threshold per spike: a spike lands from a potential just over 1 to just over 0', () => {
    const spiking = createSpikingNetwork(oneNeuron(0, 1.5));
    let previous = 0;
    runUntil(spiking, () => {
      const fired = spiking.spikes[1]![0] === 1;
      if (!fired) previous = spiking.potentials[1]![0]!;
      return fired;
    }, 2000);
    const after = spiking.potentials[1]![0]!;
    expect(previous).toBeLessThan(1);
    expect(after).toBeGreaterThanOrEqual(0);
    // The step that crossed climbed from under 1 to 1 + after: a little, not a whole threshold.
    expect(after).toBeLessThan(0.1);
  });

  it('holds V at the floor under strong inhibition, and recovers from there when it stops', () => {
    const spiking = createSpikingNetwork(oneNeuron(-40, 0), { floor: -3 });
    spiking.setInputs([1]);
    spiking.advance(2000);
    expect(spiking.potentials[1]![0]).toBe(-3);
    expect(spiking.windowCounts[1]![0]).toBe(0);
    spiking.setInputs([0]);
    const quietAt = spiking.timeMs;
    runUntil(spiking, () => spiking.spikes[1]![0] === 1, 10_000);
    // From −3 with I½ (z = 0): V = I½τ + (−3 − I½τ)e^(−t/τ) reaches 1 at t = τ·ln((I½τ + 3)/(I½τ − 1)),
    // after the last inhibitory spike (one axon delay late) and the synapse's charge have drained away.
    const x = m.halfCurrent * 0.5;
    const climb = 500 * Math.log((x + 3) / (x - 1));
    const took = spiking.timeMs - quietAt;
    expect(took).toBeGreaterThan(climb);
    expect(took).toBeLessThan(climb + 300 + 600);
  });

  it('lets no potential pass the threshold while the neuron rests after a spike', () => {
    const spiking = createSpikingNetwork(oneNeuron(0, 100));
    spiking.step();
    expect(spiking.spikes[1]![0]).toBe(1);
    for (let i = 0; i < 19; i++) {
      spiking.step();
      expect(spiking.spikes[1]![0]).toBe(0);
      expect(spiking.potentials[1]![0]).toBeLessThanOrEqual(1);
    }
    spiking.step();
    expect(spiking.spikes[1]![0]).toBe(1);
  });

  it('input neurons fire at once when switched on, then maxRate·value times a second, and stop when off', () => {
    const net = allocateNetwork([2, 1], ['sigmoid'], [0.5]);
    const spiking = createSpikingNetwork(net);
    spiking.setInputs([1, 0.5]);
    spiking.step();
    expect(Array.from(spiking.spikes[0]!)).toEqual([1, 1]);
    spiking.advance(995);
    expect(Array.from(spiking.windowCounts[0]!)).toEqual([10, 5]);
    spiking.setInputs([0, 0]);
    spiking.advance(1000);
    expect(Array.from(spiking.windowCounts[0]!)).toEqual([0, 0]);
    // Values outside [0, 1] are clipped: an input neuron cannot fire faster than the top rate.
    spiking.setInputs([7, -1]);
    spiking.advance(1000);
    expect(Array.from(spiking.windowCounts[0]!)).toEqual([10, 0]);
  });

  it('delivers a spike one axon delay later: the next layer feels nothing before, and the synapse then pours in kick·w', () => {
    for (const axonDelayMs of [250, 300]) {
      // Two twins in lockstep: one gets a single input spike, the other none; the difference is that spike.
      const [hit, control] = [0, 1].map(() => createSpikingNetwork(oneNeuron(2, -2.46), { axonDelayMs }));
      const both = (f: (s: SpikingNetwork) => void): void => [hit!, control!].forEach(f);
      const difference = (): number => hit!.potentials[1]![0]! - control!.potentials[1]![0]!;
      both((s) => s.advance(1000));
      hit!.setInputs([1]);
      both((s) => s.step());
      expect(hit!.spikes[0]![0]).toBe(1);
      hit!.setInputs([0]);
      both((s) => s.advance(axonDelayMs));
      expect(difference()).toBe(0); // it arrived at the end of that step, into the synapse
      both((s) => s.step());
      expect(difference()).toBeGreaterThan(0.005);
      // Charge Q = kick·w flowing in through τs while τ leaks it: Q·τ/(τ − τs)·(e^(−t/τ) − e^(−t/τs)),
      // which peaks at t* = ln(τ/τs)·τ·τs/(τ − τs) = 201 ms at 0.669·Q.
      let peak = 0;
      for (let i = 0; i < 100; i++) {
        both((s) => s.step());
        peak = Math.max(peak, difference());
      }
      const [tau, tauS] = [0.5, 0.1];
      const tPeak = (Math.log(tau / tauS) * tau * tauS) / (tau - tauS);
      const want = ((m.kick * 2 * tau) / (tau - tauS)) * (Math.exp(-tPeak / tau) - Math.exp(-tPeak / tauS));
      expect(peak / want).toBeGreaterThan(0.99);
      expect(peak / want).toBeLessThan(1.01);
    }
  });

  it('with synapseMs 0 a spike lifts V by exactly kick·w when it arrives', () => {
    const [hit, control] = [0, 1].map(() => createSpikingNetwork(oneNeuron(2, -2.46), { synapseMs: 0, axonDelayMs: 100 }));
    hit!.setInputs([1]);
    for (const s of [hit!, control!]) s.advance(5);
    hit!.setInputs([0]);
    for (const s of [hit!, control!]) s.advance(95);
    expect(hit!.potentials[1]![0]).toBe(control!.potentials[1]![0]);
    for (const s of [hit!, control!]) s.step();
    expect(hit!.potentials[1]![0]! - control!.potentials[1]![0]!).toBeCloseTo(m.kick * 2, 12);
  });

  it('counts spikes per advance (what to flash) and over the window (what to read), and its activity is the window rate', () => {
    const spiking = createSpikingNetwork(oneNeuron(0, 100), { windowMs: 2000 });
    spiking.advance(250);
    expect(spiking.spikes[1]![0]).toBe(3); // at 0, 100 and 200 ms (steps 1, 21, 41)
    spiking.advance(3000);
    expect(spiking.windowCounts[1]![0]).toBe(20);
    expect(spiking.activity(1)[0]).toBe(1);
    expect(spiking.timeMs).toBe(3250);
  });

  it('keeps the remainder of an advance shorter than a step for the next one', () => {
    const spiking = createSpikingNetwork(oneNeuron(0, 0));
    expect(spiking.advance(3)).toBe(0);
    expect(spiking.advance(3)).toBe(1);
    expect(spiking.advance(0.1 + 0.2 + 3.7)).toBe(1);
    expect(spiking.timeMs).toBe(10);
  });

  it('is deterministic: the same network and the same inputs at the same moments give the same spikes', () => {
    const record = (): number[] => {
      const net = createNetwork({ sizes: [3, 5, 2], seed: 4 });
      const spiking = createSpikingNetwork(net);
      const seen: number[] = [];
      const plan: [number, number[]][] = [[0, [1, 0, 1]], [700, [1, 1, 1]], [1900, [0, 1, 0]], [2600, [0, 0, 0]]];
      for (let t = 0; t < 4000; t += 5) {
        const change = plan.find(([at]) => at === t);
        if (change) spiking.setInputs(change[1]);
        spiking.step();
        spiking.spikes.forEach((layer, l) => layer.forEach((s, i) => s && seen.push(t * 100 + l * 10 + i)));
      }
      return seen;
    };
    const a = record();
    expect(a.length).toBeGreaterThan(50);
    expect(record()).toEqual(a);
  });

  it('reset returns to rest: the same run again gives the same spikes', () => {
    const spiking = createSpikingNetwork(createNetwork({ sizes: [2, 3, 1], seed: 2 }));
    const run = (): number[] => {
      spiking.setInputs([1, 1]);
      spiking.advance(1500);
      return spiking.windowCounts.flatMap((c) => Array.from(c));
    };
    const first = run();
    spiking.reset();
    expect(spiking.timeMs).toBe(0);
    expect(spiking.potentials.every((p) => p.every((v) => v === 0))).toBe(true);
    expect(run()).toEqual(first);
  });

  it('reads weights live, as the forward runner does: training in place is felt at the next step', () => {
    const net = oneNeuron(0, -10);
    const spiking = createSpikingNetwork(net);
    spiking.advance(2000);
    expect(spiking.windowCounts[1]![0]).toBe(0);
    net.layers[0]!.biases[0] = 10;
    spiking.advance(2000);
    expect(spiking.windowCounts[1]![0]).toBe(10);
  });

  it('refuses a non-sigmoid layer, a wrong number of inputs and bad parameters, naming the field', () => {
    const tanh = createNetwork({ sizes: [2, 1], activation: 'tanh' });
    expect(() => createSpikingNetwork(tanh)).toThrow(/layer 1 is tanh/);
    const spiking = createSpikingNetwork(oneNeuron(1, 0));
    expect(() => spiking.setInputs([1, 1])).toThrow(/takes 1 inputs, got 2/);
    expect(() => spiking.advance(-1)).toThrow(/0 ms or more/);
    expect(() => spiking.activity(2)).toThrow(/no layer 2/);
    const bad: [string, number][] = [['dtMs', 0], ['tauMs', 1], ['refractoryMs', 5], ['floor', 1], ['axonDelayMs', -1], ['windowMs', 50], ['synapseMs', Number.NaN]];
    for (const [field, value] of bad) {
      try {
        spikingParams({ [field]: value });
        expect.unreachable(`${field} = ${value} was accepted`);
      } catch (err) {
        expect(isNbError(err) && err.code === 'NB_ERR_INVALID_ARGUMENT' && err.field === field, `${field}: ${String(err)}`).toBe(true);
      }
    }
  });
});
