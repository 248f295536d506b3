/**
 * The console's answer line (a plain browser module, loaded here by URL): node names in it (issue 11
 * item 15), with the kit's default names for nodes the rig leaves unnamed.
 */
import { describe, expect, it } from 'vitest';

const load = (file: string) => import(new URL(`../../../dashboard/console/js/${file}`, import.meta.url).href);
const kit = (file: string) => import(new URL(`../../../dashboard/kit/${file}`, import.meta.url).href);

describe('describeAnswer (dashboard/console/js/names.js)', () => {
  it('reads a digit by its name: "7 ON", not "output 8 ON" among ten offs', async () => {
    const { describeAnswer } = await load('names.js');
    const labels = [['a', 'b', 'c', 'd', 'e', 'f', 'g'], [], ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']];
    const outputs = [0, 0, 0, 0, 0, 0, 0, 0.83, 0, 0];
    expect(describeAnswer({ inputs: [1, 1, 1, 0, 0, 0, 0], outputs }, labels, 0.5)).toBe('a 1 · b 1 · c 1 · d 0 · e 0 · f 0 · g 0 → 7 ON (0.83), the other 9 off');
    expect(describeAnswer({ inputs: [0, 0, 0, 0, 0, 0, 0], outputs: outputs.map((o) => o / 2) }, labels, 0.5)).toMatch(/→ none ON \(closest: 7 at 0\.41\)$/);
  });

  it('names each of a few outputs, and falls back to the default names of a server without labels', async () => {
    const { describeAnswer } = await load('names.js');
    const { nodeLabels } = await kit('nodeNames.js');
    expect(describeAnswer({ inputs: [1, 0], outputs: [0.97] }, [['A', 'B'], ['h1'], ['yes']], 0.5)).toBe('A 1 · B 0 → yes ON (0.97)');
    const old = nodeLabels({ rig: { layers: [2, 3, 1] } });
    expect(old).toEqual([['input 1', 'input 2'], ['hidden 1', 'hidden 2', 'hidden 3'], ['output 1']]);
    expect(describeAnswer({ inputs: [0.5, 0], outputs: [0.2] }, old, 0.5)).toBe('input 1 0.50 · input 2 0 → output 1 off (0.20)');
  });
});
