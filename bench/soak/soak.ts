/**
 * The soak supervisor: starts each exhibit (a rig on simulated boards) in a child process, drives
 * its HTTP API, SIGKILLs it at random moments and restarts it, and checks after every kill that the
 * saved state loads and holds every example a save had confirmed (exhibitor.ts). Prints progress,
 * and returns the figures as one object (figures.ts); `run.ts` prints it.
 */
import { loadRig } from '../../src/hosts/node/exhibitFiles.js';
import { Exhibitor, type Collected } from './exhibitor.js';
import { figures, type SoakFigures } from './figures.js';
import type { SoakOptions } from './options.js';
import { seededRandom } from './random.js';

export type { SoakFigures } from './figures.js';
export type { SoakOptions, SoakTarget } from './options.js';

export async function runSoak(options: SoakOptions): Promise<SoakFigures> {
  const random = seededRandom(options.seed);
  const exhibitors: Exhibitor[] = [];
  const collected: Collected = {
    restartMs: [],
    reconnectMs: [],
    recoveryMs: [],
    wedgeDetails: [],
    lostOrCorrupt: [],
    saveDetails: [],
    prevFallbacks: 0,
    checkedLoads: 0,
    strayTempFiles: 0,
    eld: [],
    memory: [],
    kills: 0,
    restarts: 0,
    healthChecks: 0,
    generationBase: (e) => exhibitors.indexOf(e) * 1_000_000,
  };
  for (const target of options.targets) {
    const { rig } = await loadRig(target.rigPath);
    exhibitors.push(new Exhibitor(target, rig, options, seededRandom(random.int(0, 2 ** 31)), collected));
  }
  const started = Date.now();
  await Promise.all(exhibitors.map((e) => e.start()));
  const summary = () => figures(options, exhibitors, collected, Date.now() - started);

  let shownWedges = 0;
  let shownSaves = 0;
  const progress = setInterval(() => {
    // Each new wedge or save problem is printed once, as it happens, with its details.
    for (const w of collected.wedgeDetails.slice(shownWedges)) options.log(`[soak] WEDGE ${w}`);
    for (const s of collected.lostOrCorrupt.slice(shownSaves)) options.log(`[soak] SAVE ${s}`);
    shownWedges = collected.wedgeDetails.length;
    shownSaves = collected.lostOrCorrupt.length;
    const f = summary();
    const faultCount = Object.values(f.faults).reduce((a, b) => a + b, 0);
    options.log(
      `[soak ${(f.runtimeS / 60).toFixed(1)}/${(options.durationMs / 60_000).toFixed(1)} min] faults ${faultCount} ` +
        `(kills ${f.faults.sigkill ?? 0}) requests ${f.http.requests} 5xx ${f.fiveXx} wedges ${f.wedges} lost/corrupt ${f.lostOrCorruptSaves} ` +
        `eld p99 ${f.eventLoopDelayMs.p99} ms reconnect p50 ${f.reconnectAfterReplugMs.p50} ms heap ${collected.memory.at(-1)?.heap.toFixed(1) ?? '?'} MB`,
    );
  }, options.progressEveryMs);

  await new Promise((resolve) => setTimeout(resolve, options.durationMs));
  clearInterval(progress);
  await Promise.all(exhibitors.map((e) => e.stop()));
  return summary();
}
