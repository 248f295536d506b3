/**
 * The console's pure helpers (plain browser modules, loaded here by URL): node names in the answer
 * line (issue 11 item 15) and readable numbers on nodes of any brightness (item 14).
 */
import { describe, expect, it } from 'vitest';

const load = (file: string) => import(new URL(`../../../dashboard/console/js/${file}`, import.meta.url).href);

describe('describeAnswer (dashboard/console/js/names.js)', () => {
  it('reads a digit by its name: "7 ON", not "output 8 ON" among ten offs', async () => {
    const { describeAnswer } = await load('names.js');
    const labels = [['a', 'b', 'c', 'd', 'e', 'f', 'g'], [], ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']];
    const outputs = [0, 0, 0, 0, 0, 0, 0, 0.83, 0, 0];
    expect(describeAnswer({ inputs: [1, 1, 1, 0, 0, 0, 0], outputs }, labels, 0.5)).toBe('a 1 · b 1 · c 1 · d 0 · e 0 · f 0 · g 0 → 7 ON (0.83), the other 9 off');
    expect(describeAnswer({ inputs: [0, 0, 0, 0, 0, 0, 0], outputs: outputs.map((o) => o / 2) }, labels, 0.5)).toMatch(/→ none ON \(closest: 7 at 0\.41\)$/);
  });

  it('names each of a few outputs, and falls back to the default names of a server without labels', async () => {
    const { describeAnswer, labelsOf } = await load('names.js');
    expect(describeAnswer({ inputs: [1, 0], outputs: [0.97] }, [['A', 'B'], ['h1'], ['yes']], 0.5)).toBe('A 1 · B 0 → yes ON (0.97)');
    const old = labelsOf({ rig: { layers: [2, 3, 1] } });
    expect(old).toEqual([['input 1', 'input 2'], ['hidden 1', 'hidden 2', 'hidden 3'], ['output 1']]);
    expect(describeAnswer({ inputs: [0.5, 0], outputs: [0.2] }, old, 0.5)).toBe('input 1 0.50 · input 2 0 → output 1 off (0.20)');
  });
});

describe('textColorOn (dashboard/console/js/contrast.js)', () => {
  it('gives at least 4.5:1 (WCAG AA) on a node of any brightness, in the dark and the light theme', async () => {
    const { blend, contrast, parseColor, textColorOn } = await load('contrast.js');
    const lit = parseColor('#ffcf3f');
    for (const panel of ['#181d24', '#fff']) {
      for (let alpha = 0; alpha <= 1.0001; alpha += 0.01) {
        const backdrop = blend(lit, parseColor(panel), alpha);
        const ratio = contrast(parseColor(textColorOn(backdrop)), backdrop);
        expect(ratio, `${panel} at ${alpha.toFixed(2)}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it('reads colours as CSS gives them', async () => {
    const { parseColor } = await load('contrast.js');
    expect(parseColor(' #ffcf3f')).toEqual([255, 207, 63]);
    expect(parseColor('#fff')).toEqual([255, 255, 255]);
    expect(parseColor('rgb(24, 29, 36)')).toEqual([24, 29, 36]);
    expect(() => parseColor('yellowish')).toThrow(/not a colour/);
  });
});
