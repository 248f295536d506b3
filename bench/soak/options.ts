/** What the soak runs (the exhibits) and how (its fault and reporting intervals). */
export interface SoakTarget {
  /** A short name for progress lines, e.g. "xor/sim". */
  name: string;
  rigPath: string;
  boards: 'sim' | 'fake';
  /** SIGKILLed and restarted at random moments; the others run the whole time (memory is judged on those). */
  kill: boolean;
}

export interface SoakOptions {
  /** The built (plain JS) child script: dist/bench/soak/child.js, or an esbuild bundle in tests. */
  childPath: string;
  targets: SoakTarget[];
  durationMs: number;
  seed: number;
  /** Time between SIGKILLs of one exhibit, uniform (ms). */
  killEveryMs: [number, number];
  /** Event-stream clients per churn round (at most). */
  sseClients: number;
  /** A /api/health that takes longer than this is a wedge. */
  healthBoundMs: number;
  statsEveryMs: number;
  /** Memory samples from this long after each (re)start are left out of the slope (warm-up). */
  memoryWarmupMs: number;
  progressEveryMs: number;
  log: (line: string) => void;
}
