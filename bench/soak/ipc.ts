/** What the soak's parent and its exhibit processes say to each other (child.ts ⇄ soak.ts). */
import type { FaultReport } from './faults.js';

export interface ChildConfig {
  /** The rig file (its corpus is found from here). */
  rigPath: string;
  /** The rig as resolved by the parent at the soak's start, as JSON. */
  resolvedRigFile: string;
  boards: 'sim' | 'fake';
  dataDir: string;
  seed: number;
  statsEveryMs: number;
  /** Board faults on (the parent's HTTP faults run either way). */
  faults: boolean;
}

export type ChildMessage =
  | { type: 'ready'; url: string; rig: string; loadedExamples: number; warnings: string[] }
  | { type: 'saved'; keys: string[] }
  | {
      type: 'stats';
      uptimeMs: number;
      heapUsed: number;
      rss: number;
      eld: { p50: number; p99: number; max: number };
      faults: FaultReport;
      saveErrors: number;
      corpusSize: number;
    };

/** An example's identity in the corpus: its inputs (same inputs, new targets replaces it). */
export function exampleKey(inputs: readonly number[]): string {
  return inputs.join(',');
}

