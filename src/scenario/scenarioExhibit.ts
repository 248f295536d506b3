/**
 * Starts the exhibit a scenario runs against: the rig's boards simulated (the real firmware in
 * avr8js, or the fake boards with --fast), every clock dilated by the same factor (timeScale.ts),
 * nothing saved to disk. `devices` gives the steps the simulated hardware: buttons, cables, pins.
 */
import { evaluateCorpus, packCorpus } from '../core/evaluate.js';
import { createForwardRunner } from '../core/forward.js';
import { createRng } from '../core/rng.js';
import { Exhibit } from '../runtime/exhibit.js';
import { DEFAULT_TIMING, type SupervisorTiming } from '../runtime/boardSupervisor.js';
import { loadRigCorpus } from '../hosts/node/exhibitFiles.js';
import type { LoadedRig } from '../runtime/rig/load.js';
import type { ResolvedRig } from '../runtime/rig/validate.js';
import type { SimBoardSource } from '../runtime/sources/simSource.js';
import type { SpikingClock } from '../runtime/spikingMode.js';
import type { TimerHandle } from '../platform/scheduler.js';
import type { StoryClock } from '../runtime/story/player.js';
import type { FakeBoardSource } from '../runtime/sources/fakeSource.js';
import { nodeFakeSource, nodeSimSource } from '../hosts/node/boardSources.js';
import { nodeScheduler } from '../hosts/node/nodeScheduler.js';
import type { FakeClock } from '../sim/fake/clock.js';
import { SILENCE_FLOOR_WALL_MS, type TimeScale } from './timeScale.js';

/** What a step can do to a simulated board (SimBoard and FakeBoard both have it). */
export interface SimulatedDevice {
  press(channel: number): void;
  release(channel: number): void;
  unplug(): void;
  replug(): void;
  ledLevel(channel: number): number;
}

export interface ScenarioExhibit {
  exhibit: Exhibit;
  devices: Map<string, SimulatedDevice>;
  /** Emulated ms per wall ms achieved so far (sim only; null for the fake boards). */
  achievedSpeed(): number | null;
  /** Exhibit log lines, for the report when something fails. */
  logs: string[];
  stop(): Promise<void>;
}

/** The supervisor's timers in scenario time (see timeScale.ts for the floor on the silence bound). */
export function dilatedTiming(scale: TimeScale): SupervisorTiming {
  const d = (ms: number): number => Math.max(1, Math.round(scale.wall(ms)));
  return {
    ...DEFAULT_TIMING,
    pingIntervalMs: d(DEFAULT_TIMING.pingIntervalMs),
    silentAfterMs: Math.max(d(DEFAULT_TIMING.silentAfterMs), SILENCE_FLOOR_WALL_MS),
    backoffInitialMs: d(DEFAULT_TIMING.backoffInitialMs),
    backoffMaxMs: d(DEFAULT_TIMING.backoffMaxMs),
    garbageWindowMs: d(DEFAULT_TIMING.garbageWindowMs),
    quarantineMs: d(DEFAULT_TIMING.quarantineMs),
  };
}

/** The spiking neurons' clock in scenario time: they charge, leak and fire k× wall time, as the boards run. */
function dilatedSpikingClock(scale: TimeScale): SpikingClock {
  return {
    now: () => scale.now(),
    setTimeout: (fn, ms) => setTimeout(fn, Math.max(1, scale.wall(ms))) as unknown as TimerHandle,
    clearTimeout: (handle) => clearTimeout(handle as unknown as ReturnType<typeof setTimeout>),
  };
}

/** A fake board's clock running k× wall time. */
function dilatedFakeClock(scale: TimeScale): FakeClock {
  return {
    now: () => Math.floor(scale.now()),
    setTimer: (fn, ms) => setTimeout(fn, scale.wall(ms)),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}

/**
 * The story's timers in scenario time; its learn scenes' paces k× in wall time, so they keep scenario
 * pace. Its random guesses are seeded: a scenario repeats.
 */
function dilatedStoryClock(scale: TimeScale): StoryClock {
  const rng = createRng(1); // the same random guesses every run
  return {
    setTimeout: (fn, ms) => nodeScheduler.setTimeout(fn, scale.wall(ms)),
    clearTimeout: (handle) => nodeScheduler.clearTimeout(handle),
    speed: scale.k,
    random: () => rng.next(),
  };
}

export type StartMode = 'trained' | 'untrained' | 'as-rig';

export function openScenarioExhibit(loaded: LoadedRig, options: { fast: boolean; scale: TimeScale; start: StartMode }) {
  return (async (): Promise<ScenarioExhibit> => {
    const { scale } = options;
    const base = loaded.rig;
    const rig: ResolvedRig = {
      ...base,
      cascade: { ...base.cascade, stepDelayMs: Math.round(scale.wall(base.cascade.stepDelayMs)) },
      training: { ...base.training, trainOnStart: options.start === 'untrained' ? false : base.training.trainOnStart },
      // The story plays only when a step says so: playing by itself mid-scenario would change what the steps check.
      visitors: { ...base.visitors, attract: false },
    };
    const corpus = await loadRigCorpus(rig, loaded.path);
    let source: SimBoardSource | FakeBoardSource;
    let achievedSpeed: () => number | null;
    if (options.fast) {
      source = nodeFakeSource(rig, { clock: dilatedFakeClock(scale) });
      achievedSpeed = () => null;
    } else {
      const sim = nodeSimSource(rig, { clock: { speed: scale.k, maxCatchUpMs: 25 * scale.k } });
      source = sim;
      achievedSpeed = () => sim.registry.clock.stats.realTimeFactor;
      scale.follow(() => sim.registry.clock.stats.emulatedMs);
    }
    const exhibit = new Exhibit({
      rig, source, scheduler: nodeScheduler, corpus, saved: null, store: null,
      supervisorTiming: dilatedTiming(scale), story: loaded.story, storyClock: dilatedStoryClock(scale), spikingClock: dilatedSpikingClock(scale),
    });
    const logs: string[] = [];
    exhibit.on('log', (level, message) => {
      logs.push(`${(scale.now() / 1000).toFixed(3)}s ${level} ${message}`);
      if (logs.length > 500) logs.shift();
    });
    return {
      exhibit,
      devices: source.devices as Map<string, SimulatedDevice>,
      achievedSpeed,
      logs,
      stop: () => exhibit.stop(),
    };
  })();
}

/** Every corpus example answered right and the loss at or below the rig's target. */
export function fitsTarget(exhibit: Exhibit): { fits: boolean; loss: number; correct: number; size: number } {
  const runner = createForwardRunner(exhibit.network);
  const evaluation = evaluateCorpus(runner, packCorpus(exhibit.corpus, exhibit.network));
  const size = exhibit.corpus.size;
  return {
    fits: size === 0 || (evaluation.correct === size && evaluation.loss <= exhibit.rig.training.targetLoss),
    loss: evaluation.loss,
    correct: evaluation.correct,
    size,
  };
}
