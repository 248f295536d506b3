/**
 * The acts a visitor watches: each rig learns from a random guess at the pace it is shown (its
 * `training.pace`), with the stepper and options of the exhibit's watched run
 * (`createStepper`, as `POST /api/train { fromRandomGuess: true }` makes it). Time to "every example
 * right" is tries needed × pace, over 100 seeds, against the issue's targets (XOR within 30 s for
 * ≥ 95 of 100 seeds, digits7 within 90 s). A script, never a timed test: the tries are counted, not
 * timed, so the figures do not depend on the machine. test/runtime/watchedActs.test.ts checks the
 * same seeds through `actTries`.
 */
import { join } from 'node:path';
import { createNetwork } from '../src/core/network.js';
import type { TrialAndErrorResult } from '../src/core/train/trialAndError.js';
import { BOARDS_DIR } from '../src/hosts/node/paths.js';
import { loadRigCorpus } from '../src/hosts/node/exhibitFiles.js';
import { loadRig } from '../src/hosts/node/exhibitFiles.js';
import { WATCH_PACE } from '../src/runtime/trainingRequest.js';
import { createStepper } from '../src/runtime/trainingRequest.js';

type Log = (line: string) => void;

/** The seeds every act is measured on: 1..100 (the network's first guess uses 1000 + seed). */
export const SEEDS = 100;

export interface ActTries {
  /** The rig's pace, tries a second. */
  pace: number;
  /** Per seed (index 0 = seed 1): tries until every example was right; Infinity if not within `maxTries`. */
  tries: number[];
}

/** Runs a rig's act from a random guess for each seed, counting tries until every example is right. */
export async function actTries(rigName: string, maxTries: (pace: number) => number): Promise<ActTries> {
  const { rig, path } = await loadRig(join(BOARDS_DIR, `rigs/${rigName}.json`));
  const corpus = await loadRigCorpus(rig, path);
  const pace = rig.training.pace || WATCH_PACE;
  const cap = maxTries(pace);
  const tries: number[] = [];
  for (let seed = 1; seed <= SEEDS; seed++) {
    const { layers, activation, threshold } = rig.network;
    const net = createNetwork({ sizes: layers, seed: 1000 + seed, activation, threshold });
    const stepper = createStepper(net, corpus, 'trial-and-error', { seed, targetLoss: rig.training.targetLoss, fromRandomGuess: true });
    let needed = Infinity;
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

interface ActFigures {
  pace: number;
  limitS: number;
  withinLimit: number;
  medianS: number;
  p95S: number;
  worstS: number | null;
}

async function act(rigName: string, limitS: number, log: Log): Promise<ActFigures> {
  // Look past the limit, to say how far off the slow seeds are.
  const { pace, tries } = await actTries(rigName, (p) => p * limitS * 4);
  const cap = pace * limitS * 4;
  const seconds = tries.map((t) => t / pace);
  const sorted = [...seconds].sort((a, b) => a - b);
  const within = seconds.filter((s) => s <= limitS).length;
  const finite = sorted.filter(Number.isFinite);
  const figures = {
    pace,
    limitS,
    withinLimit: within,
    medianS: +sorted[SEEDS / 2]!.toFixed(1),
    p95S: +sorted[Math.ceil(SEEDS * 0.95) - 1]!.toFixed(1),
    worstS: finite.length === SEEDS ? +finite.at(-1)!.toFixed(1) : null,
  };
  log(
    `${rigName} act from a random guess at ${pace} tries/s: ${within} of ${SEEDS} seeds get every example right within ${limitS} s ` +
      `(median ${figures.medianS} s, 95th percentile ${figures.p95S} s, worst ${figures.worstS ?? `> ${cap / pace}`} s)`,
  );
  return figures;
}

export async function bench(log: Log): Promise<Record<string, unknown>> {
  const xor = await act('xor', 30, log);
  const digits7 = await act('digits7', 90, log);
  log(`target: xor ≥ 95/100 within 30 s ${xor.withinLimit >= 95 ? 'PASS' : 'FAIL'}; digits7 within 90 s ${digits7.withinLimit >= 95 ? 'PASS' : 'FAIL'} (${digits7.withinLimit}/100)`);
  return { xor, digits7 };
}
