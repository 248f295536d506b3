/**
 * The pages run the project's own core (dashboard/kit/core.js, bundled by esbuild from
 * src/pages/core.ts; the test run builds it first, test/globalSetup.ts): it exports only what the
 * pages need, needs nothing a browser lacks, and answers exactly as src/core does, bit for bit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIVATION_NAMES } from '../../../src/core/activations.js';
import { forwardPass } from '../../../src/core/forward.js';
import { networkToJson } from '../../../src/core/networkJson.js';
import { createNetwork } from '../../../src/core/network.js';
import { createRng } from '../../../src/core/rng.js';
import { createSpikingNetwork } from '../../../src/core/spiking.js';
import { PACKAGE_ROOT } from '../../../src/hosts/node/paths.js';

const BUNDLE = join(PACKAGE_ROOT, 'dashboard', 'kit', 'core.js');
const bundled = await import(new URL('../../../dashboard/kit/core.js', import.meta.url).href);

describe('dashboard/kit/core.js', () => {
  it('exports only what the pages use: the network read from its document, the forward pass, and its spiking neurons', () => {
    expect(Object.keys(bundled).sort()).toEqual(['createForwardRunner', 'createSpikingNetwork', 'networkFromJson', 'spikingParams']);
  });

  it("spikes exactly as src/core's spiking neurons do: the same spikes and potentials, step by step", () => {
    const net = createNetwork({ sizes: [2, 3, 1], activation: 'sigmoid', seed: 11 });
    const doc = JSON.parse(JSON.stringify(networkToJson(net)));
    const page = bundled.createSpikingNetwork(bundled.networkFromJson(doc), { axonDelayMs: 250 });
    const host = createSpikingNetwork(net, { axonDelayMs: 250 });
    for (const inputs of [[1, 0], [1, 1], [0, 1]]) {
      page.setInputs(inputs);
      host.setInputs(inputs);
      for (let k = 0; k < 40; k++) {
        page.advance(50);
        host.advance(50);
        expect(page.potentials.map((p: Float64Array) => Array.from(p))).toEqual(host.potentials.map((p) => Array.from(p)));
        expect(page.spikes.map((s: Int32Array) => Array.from(s))).toEqual(host.spikes.map((s) => Array.from(s)));
      }
    }
    expect(host.windowCounts.some((c) => c.some((n) => n > 0))).toBe(true); // it did spike
  });

  it('is one self-contained ES module with nothing a browser lacks (no Node module, process, Buffer or require)', () => {
    const text = readFileSync(BUNDLE, 'utf8');
    expect(text).not.toMatch(/^\s*import\s|\bfrom\s+['"]|\brequire\(|\bprocess\.|\bBuffer\b|['"]node:/m);
    expect(text).toMatch(/^export\s*\{/m);
  });

  it('gives the very outputs of src/core for networks of every activation, read from the API document ("-0" too)', () => {
    const rng = createRng(7);
    for (const activation of ACTIVATION_NAMES) {
      for (const sizes of [[2, 1], [2, 3, 1], [7, 16, 10]]) {
        const net = createNetwork({ sizes, activation, seed: Math.floor(rng.next() * 1e6) });
        net.layers[0]!.weights[0] = -0;
        const doc = JSON.parse(JSON.stringify(networkToJson(net)));
        const runner = bundled.createForwardRunner(bundled.networkFromJson(doc));
        for (let n = 0; n < 20; n++) {
          const inputs = Array.from({ length: sizes[0]! }, () => rng.next() * 2 - 0.5);
          const want = forwardPass(net, inputs);
          const got = runner.run(inputs);
          expect(Array.from(got.outputs), `${activation} ${sizes.join('-')}`).toEqual(Array.from(want.outputs));
          expect(got.layers.map((l: { fired: Uint8Array }) => Array.from(l.fired))).toEqual(want.layers.map((l) => Array.from(l.fired)));
        }
      }
    }
  });

  it('refuses a bad document as the core does, naming the field', () => {
    expect(() => bundled.networkFromJson({ format: 'neuroboard.network', version: 1, sizes: [2, 1], layers: [{ activation: 'sigmoid', threshold: 0.5, weights: [1], biases: [0] }] })).toThrow(/layers\[0\]\.weights has 1 values/);
  });
});
