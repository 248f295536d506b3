/**
 * The memory judgement: least-squares slopes of heap (after a forced GC) and RSS over time in the
 * exhibits that are never killed, against the limits that count as flat.
 */
/**
 * Slope limits for "flat", on the exhibits that are never killed (heap measured after a forced GC).
 * Below these a 30-minute fit cannot tell a leak from noise; a real leak of the exhibit's own
 * objects (a listener or a buffer per event) grows far faster under the soak's load.
 */
export const HEAP_LIMIT_MB_PER_HOUR = 1;
export const RSS_LIMIT_MB_PER_HOUR = 10;
export const MEMORY_JUDGED_FROM_MINUTES = 20;

export interface Sample {
  generation: number;
  t: number;
  heap: number;
  rss: number;
}


/** Least-squares slope with one intercept per process generation (a restart resets memory). */
export function pooledSlope(samples: readonly Sample[], value: (s: Sample) => number): number {
  const groups = new Map<number, Sample[]>();
  for (const s of samples) groups.set(s.generation, [...(groups.get(s.generation) ?? []), s]);
  let num = 0;
  let den = 0;
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const tMean = group.reduce((a, s) => a + s.t, 0) / group.length;
    const yMean = group.reduce((a, s) => a + value(s), 0) / group.length;
    for (const s of group) {
      num += (s.t - tMean) * (value(s) - yMean);
      den += (s.t - tMean) ** 2;
    }
  }
  return den === 0 ? 0 : num / den;
}

/**
 * The check after every kill: the state file must load (from the file itself or its kept copy) and

/**
 * The same slope over the later half of the run only: JIT warm-up and caches filling up are over by
 * then, a leak is not. Shown beside the whole-run slope so a long run tells whether growth levels off.
 */
export function laterHalfSlope(samples: readonly Sample[], value: (s: Sample) => number): number {
  if (samples.length === 0) return 0;
  const end = Math.max(...samples.map((s) => s.t));
  return pooledSlope(
    samples.filter((s) => s.t >= end / 2),
    value,
  );
}
