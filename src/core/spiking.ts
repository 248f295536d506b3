/**
 * Spiking neurons: the same trained network, run as leaky integrate-and-fire (LIF) neurons that
 * send spikes to each other, slowly enough that a person can watch every spike on the boards.
 *
 * Each node has a potential V, measured in thresholds (1 = the firing threshold). It leaks back
 * towards 0, is pushed by a constant current (its bias) and by the current its synapses carry:
 *
 *     dV/dt = −V/τ + I + S          I = I½ + k·b   (thresholds per second)
 *     dS/dt = −S/τs                 a spike through weight w adds kick·w/τs to S
 *
 * A spike from node i reaches node j one axon delay later; its synapse then pours `kick · w_ij`
 * into V_j over about τs (so one spike moves V by kick·w in all, as if it jumped, but spread out).
 * When V ≥ 1 and the refractory time has passed, the neuron spikes and V ← V − 1 (reset by
 * subtraction: the charge above threshold is kept). V never goes below a floor (inhibition
 * saturates, like a membrane at its reversal potential), and while a neuron rests after a spike V
 * cannot pass the threshold (excitation saturates: nothing is stored to fire later). Input
 * neurons spike steadily, `maxRate` times a second while their input is on, the first time at once.
 *
 * Why these numbers carry a trained sigmoid network over (rate coding; Rueckauer et al. 2017,
 * Diehl et al. 2015; the derivation is in docs/spiking.md): a node's firing rate divided by
 * `maxRate` follows the hard sigmoid clip(½ + z/4, 0, 1) of its weighted sum z, which crosses ½
 * where the sigmoid does, with the same slope there. `I½` is the current at which a LIF neuron
 * fires at exactly half the top rate, which cancels the leak at the ½ point; `k` makes the slope
 * there `maxRate/4` per unit of z; the refractory time caps the rate at `maxRate` (the clip at 1),
 * and a current too small to beat the leak gives no spikes (the clip at 0).
 *
 * Pure: the caller advances simulated time (`advance(ms)`); no clock, no timers. Typed arrays,
 * and no allocation per step. Nothing in it is random: the same network and the same inputs at
 * the same moments give the same spikes.
 */
import { NbError } from './errors.js';
import type { Network } from './network.js';

/** The numbers that make a network spike, in units a person can see. */
export interface SpikingParams {
  /** Membrane time constant τ: how fast the potential leaks back to rest. Default 500 ms. */
  tauMs: number;
  /** Synaptic time constant τs: how long a spike's charge takes to flow in (0: all at once). Default 100 ms. */
  synapseMs: number;
  /** After a spike a neuron cannot spike again for this long; this sets the top rate (`maxRate`). Default 100 ms. */
  refractoryMs: number;
  /** The lowest potential, in thresholds: inhibition saturates here. Default −3. */
  floor: number;
  /** How long a spike takes to reach the next layer: the rig's cascade step. Default 300 ms. */
  axonDelayMs: number;
  /** The simulation time step. Default 5 ms. */
  dtMs: number;
  /** An output's answer counts its spikes over this last stretch of time. Default 1000 ms. */
  windowMs: number;
}

/** The defaults, chosen in docs/spiking.md ("The parameters and why"). */
export const DEFAULT_SPIKING_PARAMS: Readonly<SpikingParams> = {
  tauMs: 500,
  synapseMs: 100,
  refractoryMs: 100,
  floor: -3,
  axonDelayMs: 300,
  dtMs: 5,
  windowMs: 1000,
};

/** The defaults with `options` laid over them, each checked (a bad value names its field). */
export function spikingParams(options: Partial<SpikingParams> = {}): SpikingParams {
  const p = { ...DEFAULT_SPIKING_PARAMS, ...options };
  const check = (field: keyof SpikingParams, ok: boolean, what: string): void => {
    if (!ok) {
      throw new NbError('NB_ERR_INVALID_ARGUMENT', `spiking ${field} must be ${what}, got ${String(p[field])}`, { field });
    }
  };
  const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  check('dtMs', finite(p.dtMs) && p.dtMs > 0 && p.dtMs <= 50, 'a time step above 0 and at most 50 ms');
  check('tauMs', finite(p.tauMs) && p.tauMs >= p.dtMs && p.tauMs <= 60_000, 'from one time step to 60000 ms');
  check('synapseMs', finite(p.synapseMs) && p.synapseMs >= 0 && p.synapseMs <= 10_000, 'from 0 to 10000 ms');
  // A rate is only a rate when a spike interval spans several steps.
  check('refractoryMs', finite(p.refractoryMs) && p.refractoryMs >= 2 * p.dtMs && p.refractoryMs <= 10_000, 'from two time steps to 10000 ms');
  check('floor', finite(p.floor) && p.floor <= 0, 'a potential of 0 or below (in thresholds)');
  check('axonDelayMs', finite(p.axonDelayMs) && p.axonDelayMs >= 0 && p.axonDelayMs <= 10_000, 'from 0 to 10000 ms');
  check('windowMs', finite(p.windowMs) && p.windowMs >= p.refractoryMs && p.windowMs <= 60_000, 'from one refractory time to 60000 ms');
  return p;
}

/** The hard sigmoid clip(½ + z/4, 0, 1): the sigmoid's straight-line twin that rates can follow. */
export function hardSigmoid(z: number): number {
  const y = 0.5 + z / 4;
  return y < 0 ? 0 : y > 1 ? 1 : y;
}

/** How a weighted sum z becomes currents and kicks (derived in docs/spiking.md). */
export interface RateMapping {
  /** The top rate, spikes per second: one spike per refractory time. */
  readonly maxRate: number;
  /** I½: the constant current (thresholds/s) at which a LIF neuron fires at maxRate/2, i.e. z = 0. */
  readonly halfCurrent: number;
  /** k: extra current (thresholds/s) per unit of z, so the rate's slope at z = 0 is maxRate/4. */
  readonly gain: number;
  /** How far one spike through a weight of 1 moves the potential (thresholds): k / maxRate. */
  readonly kick: number;
}

/**
 * The steady firing rate (spikes/s) of a LIF neuron under a constant current (thresholds/s),
 * starting each climb from 0: it needs T = τ·ln(Iτ / (Iτ − 1)) to reach 1, and never gets there
 * when Iτ ≤ 1 (the leak wins). The refractory time caps the rate at 1/refractory.
 */
export function lifRate(current: number, params: Pick<SpikingParams, 'tauMs' | 'refractoryMs'>): number {
  const tau = params.tauMs / 1000;
  const x = current * tau;
  if (x <= 1) return 0;
  return Math.min(1 / (tau * Math.log(x / (x - 1))), 1000 / params.refractoryMs);
}

/**
 * The mapping for these parameters. Solving lifRate(I½) = maxRate/2 gives
 * I½ = 1 / (τ·(1 − e^(−T½/τ))) with T½ = 2/maxRate, and the slope of lifRate there is
 * f'(I½) = τ² / (T½² · x(x − 1)) with x = I½·τ; k = (maxRate/4) / f'(I½).
 */
export function rateMapping(params: Pick<SpikingParams, 'tauMs' | 'refractoryMs'>): RateMapping {
  const tau = params.tauMs / 1000;
  const maxRate = 1000 / params.refractoryMs;
  const halfPeriod = 2 / maxRate;
  const halfCurrent = 1 / (tau * (1 - Math.exp(-halfPeriod / tau)));
  const x = halfCurrent * tau;
  const slope = (tau * tau) / (halfPeriod * halfPeriod * x * (x - 1));
  const gain = maxRate / 4 / slope;
  return { maxRate, halfCurrent, gain, kick: gain / maxRate };
}

/**
 * The hard-sigmoid forward pass: what the spiking network's rates (divided by maxRate) should be,
 * layer by layer, for these inputs. Indexed as `network.sizes`: entry 0 is the inputs, clipped to
 * [0, 1] as input neurons rate-code them. Allocates; for tests and checks, not the hot path.
 */
export function hardSigmoidPass(net: Network, inputs: ArrayLike<number>): Float64Array[] {
  let prev = Float64Array.from(inputs, (v) => (v < 0 ? 0 : v > 1 ? 1 : v));
  const out: Float64Array[] = [prev];
  for (const layer of net.layers) {
    const act = new Float64Array(layer.size);
    for (let j = 0; j < layer.size; j++) {
      let z = layer.biases[j]!;
      for (let i = 0; i < layer.inputSize; i++) z += layer.weights[j * layer.inputSize + i]! * prev[i]!;
      act[j] = hardSigmoid(z);
    }
    out.push(act);
    prev = act;
  }
  return out;
}


/**
 * A network of spiking neurons running in simulated time. Every per-node array is indexed by layer
 * as `network.sizes` is: layer 0 is the input neurons, the last layer the outputs. The arrays are
 * reused: read them, copy what you keep.
 */
export interface SpikingNetwork {
  /** The network it stands for; its weights and biases are read at every step. */
  readonly network: Network;
  /** The parameters it runs with (the defaults with the caller's options laid over them). */
  readonly params: Readonly<SpikingParams>;
  /** The currents and kick derived from `params` (see `rateMapping`). */
  readonly mapping: RateMapping;
  /**
   * Each node's potential, in thresholds. An input neuron's is how far it is towards its next
   * spike (it is an integrate-and-fire neuron with no leak, driven by its input).
   */
  readonly potentials: readonly Float64Array[];
  /** How many times each node spiked during the last `advance` (or `step`): what to flash. */
  readonly spikes: readonly Int32Array[];
  /** How many times each node spiked in the last `windowMs`: what rates and answers are read from. */
  readonly windowCounts: readonly Int32Array[];
  /** Simulated time since creation or `reset`, ms (a whole number of steps). */
  readonly timeMs: number;
  /** Switches the input neurons: each fires at `value · maxRate` (values clipped to [0, 1]). */
  setInputs(values: ArrayLike<number>): void;
  /** Advances simulated time by `ms` in whole steps (a remainder is kept for the next call); returns the steps taken. */
  advance(ms: number): number;
  /** Advances one time step; returns how many nodes spiked in it. */
  step(): number;
  /** Each node's rate over the last window, as a share of maxRate (0..1): its LED level. A reused buffer. */
  activity(layer: number): Float64Array;
  /** Back to rest: potentials and synapses 0, no spikes in flight, inputs off, time 0. */
  reset(): void;
}

/** Creates a spiking twin of `net` (sigmoid layers only). Reads weights and biases live at every step. */
export function createSpikingNetwork(net: Network, options: Partial<SpikingParams> = {}): SpikingNetwork {
  const params = spikingParams(options);
  net.layers.forEach((layer, l) => {
    if (layer.activation !== 'sigmoid') {
      throw new NbError(
        'NB_ERR_INVALID_ARGUMENT',
        `spiking neurons stand in for sigmoid neurons; layer ${l + 1} is ${layer.activation}: train a sigmoid network to show it spiking`,
        { field: `layers[${l}].activation` },
      );
    }
  });
  const mapping = rateMapping(params);
  const { maxRate, halfCurrent, gain, kick } = mapping;
  const sizes = net.sizes;
  const layerCount = sizes.length;
  const inputSize = sizes[0]!;
  const offsets: number[] = [];
  let total = 0;
  for (const n of sizes) {
    offsets.push(total);
    total += n;
  }

  const dt = params.dtMs / 1000;
  const tau = params.tauMs / 1000;
  const tauS = params.synapseMs / 1000;
  // Exact over one step while no spike arrives (the equations are linear between spikes):
  //   V(t+dt) = V·e^(−dt/τ) + I·τ·(1 − e^(−dt/τ)) + S·τ·τs/(τ − τs)·(e^(−dt/τ) − e^(−dt/τs)),
  //   S(t+dt) = S·e^(−dt/τs).
  const decay = Math.exp(-dt / tau);
  const charge = tau * (1 - decay);
  const synapseDecay = tauS > 0 ? Math.exp(-dt / tauS) : 0;
  const synapseToV =
    tauS === 0 ? 0 : Math.abs(tau - tauS) < 1e-9 ? dt * decay : ((tau * tauS) / (tau - tauS)) * (decay - synapseDecay);
  // A spike's share of S: kick·w/τs integrates to kick·w over time (τs = 0: it all lands at once).
  const spikeToSynapse = tauS > 0 ? kick / tauS : 0;
  const delaySteps = Math.max(1, Math.round(params.axonDelayMs / params.dtMs));
  const refractorySteps = Math.round(params.refractoryMs / params.dtMs);
  const windowSteps = Math.round(params.windowMs / params.dtMs);
  // One ring of spike flags serves both the axon delay (read D steps back) and the window (dropped W steps back).
  const ringSteps = Math.max(delaySteps, windowSteps) + 1;
  const floor = params.floor;
  // An input neuron's potential climbs by value·maxRate·dt per step and fires at 1.
  const inputClimb = maxRate * dt;

  const potential = new Float64Array(total);
  const synapse = new Float64Array(total);
  const wait = new Int32Array(total);
  // Where an arriving spike goes and how much of it.
  const target = tauS > 0 ? synapse : potential;
  const amount = tauS > 0 ? spikeToSynapse : kick;

  const inputValues = new Float64Array(inputSize);
  const ring = new Uint8Array(ringSteps * total);
  const spikeBuf = new Int32Array(total);
  const countBuf = new Int32Array(total);
  const activityBuf = new Float64Array(total);
  const view = <T extends Float64Array | Int32Array>(buf: T): T[] =>
    sizes.map((n, l) => buf.subarray(offsets[l]!, offsets[l]! + n) as T);
  const potentials = view(potential);
  const spikes = view(spikeBuf);
  const windowCounts = view(countBuf);
  const activities = view(activityBuf);

  let stepIndex = 0;
  let pendingMs = 0;

  const step = (): number => {
    const n = stepIndex;
    const now = (n % ringSteps) * total;
    const arriving = ((n - delaySteps + ringSteps) % ringSteps) * total;
    const leaving = ((n - windowSteps + ringSteps) % ringSteps) * total;
    // Spikes from a window ago stop counting (before the first full window the ring holds zeros).
    for (let i = 0; i < total; i++) countBuf[i] = countBuf[i]! - ring[leaving + i]!;

    for (let i = 0; i < inputSize; i++) {
      let v = potential[i]! + inputValues[i]! * inputClimb;
      let s = 0;
      // The slack keeps 20 climbs of 0.05 a spike, though they add up to 0.9999999999999999.
      if (v >= 1 - 1e-9) {
        v -= 1;
        s = 1;
      }
      potential[i] = v;
      ring[now + i] = s;
    }

    for (let l = 1; l < layerCount; l++) {
      const layer = net.layers[l - 1]!;
      const w = layer.weights;
      const b = layer.biases;
      const nIn = layer.inputSize;
      const from = offsets[l - 1]!;
      const at = offsets[l]!;
      const size = layer.size;
      for (let j = 0; j < size; j++) {
        const node = at + j;
        potential[node] = potential[node]! * decay + (halfCurrent + gain * b[j]!) * charge + synapse[node]! * synapseToV;
        synapse[node] = synapse[node]! * synapseDecay;
      }
      // Spikes sent one axon delay ago arrive at the end of this step: into the synapse, whose
      // charge flows into V from the next step on, or straight into V when τs = 0.
      for (let i = 0; i < nIn; i++) {
        if (ring[arriving + from + i] === 0) continue;
        for (let j = 0; j < size; j++) target[at + j] = target[at + j]! + amount * w[j * nIn + i]!;
      }
      for (let j = 0; j < size; j++) {
        const node = at + j;
        let v = potential[node]!;
        if (v < floor) v = floor;
        let s = 0;
        if (wait[node]! > 0) wait[node] = wait[node]! - 1;
        // While it rests after a spike, V may reach the threshold but not pass it (nothing is stored).
        if (wait[node]! > 0) {
          if (v > 1) v = 1;
        } else if (v >= 1) {
          v -= 1;
          if (v > 1) v = 1;
          s = 1;
          wait[node] = refractorySteps;
        }
        potential[node] = v;
        ring[now + node] = s;
      }
    }

    let fired = 0;
    for (let i = 0; i < total; i++) {
      const s = ring[now + i]!;
      countBuf[i] = countBuf[i]! + s;
      spikeBuf[i] = spikeBuf[i]! + s;
      fired += s;
    }
    stepIndex++;
    return fired;
  };

  return {
    network: net,
    params,
    mapping,
    potentials,
    spikes,
    windowCounts,
    get timeMs() {
      return stepIndex * params.dtMs;
    },
    setInputs(values) {
      if (values.length !== inputSize) {
        throw new NbError('NB_ERR_DIMENSION_MISMATCH', `the network takes ${inputSize} inputs, got ${values.length}`, {
          field: 'inputs',
        });
      }
      for (let i = 0; i < inputSize; i++) {
        const raw = Number(values[i]);
        const v = !(raw > 0) ? 0 : raw > 1 ? 1 : raw;
        // Switched on: the first spike comes at the next step, so a press shows at once.
        if (inputValues[i] === 0 && v > 0) potential[i] = 1 - v * inputClimb;
        if (v === 0) potential[i] = 0;
        inputValues[i] = v;
      }
    },
    advance(ms) {
      if (typeof ms !== 'number' || !(ms >= 0) || !Number.isFinite(ms)) {
        throw new NbError('NB_ERR_INVALID_ARGUMENT', `advance takes a time of 0 ms or more, got ${String(ms)}`, { field: 'ms' });
      }
      spikeBuf.fill(0);
      pendingMs += ms;
      // A hair of slack so that remainders such as 0.1 + 0.2 ms count as the 0.3 they are.
      const steps = Math.floor(pendingMs / params.dtMs + 1e-9);
      pendingMs = Math.max(0, pendingMs - steps * params.dtMs);
      for (let s = 0; s < steps; s++) step();
      return steps;
    },
    step() {
      spikeBuf.fill(0);
      return step();
    },
    activity(layer) {
      const out = activities[layer];
      if (!out) throw new NbError('NB_ERR_INVALID_ARGUMENT', `no layer ${layer}; the network has layers 0 to ${layerCount - 1}`, { field: 'layer' });
      const full = maxRate * windowSteps * dt;
      const counts = windowCounts[layer]!;
      for (let i = 0; i < out.length; i++) out[i] = counts[i]! / full;
      return out;
    },
    reset() {
      potential.fill(0);
      synapse.fill(0);
      wait.fill(0);
      inputValues.fill(0);
      ring.fill(0);
      spikeBuf.fill(0);
      countBuf.fill(0);
      stepIndex = 0;
      pendingMs = 0;
    },
  };
}
