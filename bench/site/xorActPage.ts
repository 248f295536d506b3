/**
 * The XOR act's learner in a page, for `npm run bench -- site`: the rig as the site reads it (bundled,
 * src/hosts/browser/siteExhibitFiles.ts), and for each seed the stepper of the exhibit's watched run
 * from a random guess (createStepper, as bench/pace.ts runs it on Node), counting tries until every
 * example is right. Tries are counted, not timed: time at the rig's pace is tries ÷ pace, the
 * exhibit's own clock, so the page's figure and Node's can be compared seed by seed.
 */
import { createNetwork } from '../../src/core/network.js';
import type { TrialAndErrorResult } from '../../src/core/train/trialAndError.js';
import { readSiteRig, siteExhibitFiles } from '../../src/hosts/browser/siteExhibitFiles.js';
import { WATCH_PACE, createStepper } from '../../src/runtime/trainingRequest.js';

async function actTries(rigName: string, seeds: number, limitS: number): Promise<{ pace: number; tries: number[] }> {
  const { loaded, corpus } = await readSiteRig(siteExhibitFiles(), `boards/rigs/${rigName}.json`);
  const { rig } = loaded;
  const pace = rig.training.pace || WATCH_PACE;
  const cap = pace * limitS * 4;
  const tries: number[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const { layers, activation, threshold } = rig.network;
    const net = createNetwork({ sizes: layers, seed: 1000 + seed, activation, threshold });
    const stepper = createStepper(net, corpus, 'trial-and-error', { seed, targetLoss: rig.training.targetLoss, fromRandomGuess: true });
    let needed = -1; // -1: not within the cap (JSON has no Infinity)
    for (let t = 0; t < cap; t++) {
      const r = stepper.step(1) as TrialAndErrorResult;
      if (r.correct === r.total) {
        needed = r.tried;
        break;
      }
      if (r.done) break;
    }
    tries.push(needed);
  }
  return { pace, tries };
}

(globalThis as unknown as { __xorAct: typeof actTries }).__xorAct = actTries;
