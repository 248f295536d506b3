/**
 * Scenarios in spiking mode: a `neurons` step switches the boards to spiking neurons, a `spikes`
 * condition counts the spikes of a board channel's neuron in a window, and `expect output` reads
 * the answer from the spikes once it has settled (it held one decision window plus the axon
 * delays). A spikes condition on boards that show the network fails saying why; a count that no
 * number can meet is refused at load. On the fake boards (--fast).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { isNbError } from '../../src/core/errors.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/scenario/runner.js';
import { scenarioDir, xor } from './scenarioFiles.js';

const files = scenarioDir();
afterAll(() => files.remove());

describe('scenarios in spiking mode', () => {
  it('a press makes the answer neuron spike and the settled answer is yes; released, it goes quiet and the answer is no', { timeout: 60_000 }, async () => {
    const result = await runScenario(
      await loadScenario(
        files.write(
          xor([
            { neurons: 'spiking' },
            { click: { board: 'a0000001' } },
            { expect: { output: { fired: [true] } } },
            { expect: { spikes: { board: 'a0000004', min: 5 } } },
            { expect: { spikes: { board: 'a0000001', min: 8, max: 11 } } },
            { expect: { spikes: { board: 'a0000002', max: 0 } } },
            { click: { board: 'a0000001' } },
            { expect: { output: { fired: [false] } } },
            { expect: { spikes: { board: 'a0000004', max: 4 } } },
          ]),
        ),
      ),
      { fast: true },
    );
    const steps = result.steps.filter((s) => s.index >= 0);
    expect(steps.map((s) => `${s.status}${s.status === 'passed' ? '' : `: ${s.expected} / ${s.seen} / ${s.message}`}`)).toEqual(Array(9).fill('passed'));
    expect(steps[0]!.seen).toMatch(/agrees on 4 of 4/);
    expect(steps[2]!.expected).toMatch(/read from the spikes/);
  });

  it('a spikes condition while the boards show the network fails and says how to switch', { timeout: 30_000 }, async () => {
    const result = await runScenario(await loadScenario(files.write(xor([{ expect: { spikes: { board: 'a0000004', min: 1 } } }]))), { fast: true });
    const step = result.steps.find((s) => s.index === 0)!;
    expect(step.status).toBe('failed');
    expect(step.seen).toMatch(/the boards show the network \(sigmoid\); switch with a "neurons": "spiking" step/);
  });

  it('bad input: min above max, or an unknown channel, is refused when the scenario loads', async () => {
    const err = await loadScenario(files.write(xor([{ expect: { spikes: { board: 'a0000004', min: 5, max: 2 } } }, { expect: { spikes: { board: 'a0000004', channel: 3 } } }]))).catch((e: unknown) => e);
    expect(isNbError(err, 'NB_ERR_INVALID_SCENARIO')).toBe(true);
    expect((err as Error).message).toMatch(/step 1 \(steps\[0\]\.expect\.spikes\.max\): is 2, below min 5/);
    expect((err as Error).message).toMatch(/step 2 .*channel/);
  });
});
