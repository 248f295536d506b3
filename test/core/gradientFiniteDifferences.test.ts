import { describe, expect, it } from 'vitest';
import {
  classicCorpus,
  corpusLoss,
  createGradientWorkspace,
  createNetwork,
  lossGradient,
  packCorpus,
  type ActivationName,
} from '../../src/core/index.js';

// Central differences: (L(p + h) − L(p − h)) / 2h has error O(h²), so h = 1e-5 gives ~1e-10.
function numericGradient(net: ReturnType<typeof createNetwork>, loss: () => number): Float64Array {
  const h = 1e-5;
  const g = new Float64Array(net.params.length);
  for (let p = 0; p < net.params.length; p++) {
    const keep = net.params[p]!;
    net.params[p] = keep + h;
    const up = loss();
    net.params[p] = keep - h;
    const down = loss();
    net.params[p] = keep;
    g[p] = (up - down) / (2 * h);
  }
  return g;
}

describe('backpropagation gradient against finite differences', () => {
  const cases: [string, number[], ActivationName[]][] = [
    ['sigmoid 2-3-1 on XOR', [2, 3, 1], ['sigmoid', 'sigmoid']],
    ['tanh/sigmoid 7-5-10 on 7-segment digits', [7, 5, 10], ['tanh', 'sigmoid']],
    ['sigmoid 3-4-3-1 (two hidden layers) on majority-of-3', [3, 4, 3, 1], ['sigmoid', 'tanh', 'sigmoid']],
  ];
  const corpusFor = { 2: 'xor', 7: 'seven-segment', 3: 'majority3' } as const;

  for (const [name, sizes, activation] of cases) {
    it(`matches for ${name}`, () => {
      const net = createNetwork({ sizes, seed: 17, activation });
      const data = packCorpus(classicCorpus(corpusFor[sizes[0] as 2 | 7 | 3]), net);
      const ws = createGradientWorkspace(net);
      const analytic = new Float64Array(net.params.length);
      const loss = lossGradient(ws, data, analytic);
      expect(loss).toBeCloseTo(corpusLoss(ws.runner, data), 14);
      const numeric = numericGradient(net, () => corpusLoss(ws.runner, data));
      let worst = 0;
      let scale = 0;
      numeric.forEach((g, p) => {
        worst = Math.max(worst, Math.abs(g - analytic[p]!));
        scale = Math.max(scale, Math.abs(g));
      });
      expect(scale).toBeGreaterThan(1e-4); // a gradient that is all zero would prove nothing
      expect(worst).toBeLessThan(1e-8);
    });
  }
});
