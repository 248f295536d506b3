/**
 * Spiking neurons for a page, one way for both pages: frames of `{ potential, spikes, answer, from }`
 * about ten times a second. While the boards run spiking neurons the frames are the exhibit's own
 * (`spike` events: what the boards flash); while they show the network, a page that asks for them
 * (`wantLocal(true)`: the visitor page's "real neurons" view) gets the same network's spiking
 * neurons simulated here, with the project's own model (core.js, src/core/spiking.ts) and the rig's
 * parameters, from the inputs as they are: a visitor may look at the neurons without changing what
 * the exhibit runs (docs/api.md, Access).
 */
import { createSpikingNetwork, networkFromJson } from './core.js';

/** How often the page's own neurons are advanced and shown (ms): as often as the exhibit reports. */
const FRAME_MS = 100;

/**
 * Follows `client` (an ExhibitClient). `onFrame(frame)` gets each frame; `onModel(model, agreement)`
 * each time the exhibit's model or agreement is known anew.
 */
export function createSpikeFeed(client, { onFrame, onModel = () => {} }) {
  let model = 'sigmoid';
  let agreement = null;
  let params = null;
  let inputs = [];
  let local = null; // { net, twin } while the page simulates
  let wanted = false;
  let timer = null;
  let last = 0;

  const frame = (f) => onFrame({ axonDelayMs: params?.axonDelayMs ?? 300, ...f });

  function tick() {
    if (!local) return;
    const now = performance.now();
    local.twin.advance(Math.min(1000, now - last));
    last = now;
    frame({
      from: 'page',
      spikes: local.twin.spikes.map((s) => Array.from(s)),
      potential: local.twin.potentials.map((p) => Array.from(p)),
    });
  }

  /** Simulates here only when asked and the boards are not spiking themselves. */
  function update() {
    const run = wanted && model !== 'spiking' && local !== null;
    if (run && timer === null) {
      local.twin.reset();
      if (local.net.sizes[0] === inputs.length) local.twin.setInputs(inputs);
      last = performance.now();
      timer = setInterval(tick, FRAME_MS);
    } else if (!run && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  }

  /** The network's weights, read again (a training changed them): the page's neurons follow. */
  function setNetwork(json) {
    if (!json || !params) return;
    let net;
    try {
      net = networkFromJson(json);
    } catch {
      return;
    }
    if (local && local.net.sizes.join() === net.sizes.join()) {
      local.net.params.set(net.params);
      return;
    }
    try {
      local = { net, twin: createSpikingNetwork(net, params) };
      if (net.sizes[0] === inputs.length) local.twin.setInputs(inputs);
    } catch {
      local = null; // not a sigmoid network: nothing to show spiking
    }
    if (timer !== null) {
      clearInterval(timer);
      timer = null;
    }
    update();
  }

  client.on('hello', (s) => {
    params = s.rig.neurons?.params ?? null;
    inputs = s.inputs;
    model = s.neurons?.model ?? 'sigmoid';
    agreement = s.neurons?.agreement ?? null;
    local = null;
    setNetwork(s.network);
    onModel(model, agreement);
    if (s.neurons) frame({ from: 'exhibit', spikes: s.neurons.potential.map((l) => l.map(() => 0)), potential: s.neurons.potential, answer: s.neurons.answer });
  });
  client.on('neurons', (n) => {
    model = n.model;
    agreement = n.agreement;
    update();
    onModel(model, agreement);
  });
  client.on('spike', (r) => {
    if (model === 'spiking') frame({ from: 'exhibit', ...r });
  });
  client.on('trace', (t) => {
    inputs = t.inputs;
    // A trace of another rig's network may come before its hello (a site opening another rig): wait for it.
    if (local && local.net.sizes[0] === inputs.length) local.twin.setInputs(inputs);
  });

  return {
    /** Whether the page wants the neurons shown (simulated here while the boards show the network). */
    wantLocal(on) {
      wanted = on;
      update();
    },
    setNetwork,
    get model() {
      return model;
    },
    get agreement() {
      return agreement;
    },
  };
}
