/** An XOR exhibit with its story on scripted boards, for story tests under fake timers. */
import { join } from 'node:path';
import { vi } from 'vitest';
import { BOARDS_DIR } from '../../../src/hosts/node/paths.js';
import { Exhibit } from '../../../src/runtime/exhibit.js';
import { loadRigCorpus } from '../../../src/hosts/node/exhibitFiles.js';
import { loadRig } from '../../../src/hosts/node/exhibitFiles.js';
import type { StoryState } from '../../../src/runtime/story/storyState.js';
import type { AtomicJsonStore } from '../../../src/hosts/node/atomicJsonStore.js';
import type { ExhibitSnapshot } from '../../../src/runtime/exhibitState.js';
import { ScriptedSource } from '../../helpers/scriptedSource.js';
import { nodeScheduler } from '../../../src/hosts/node/nodeScheduler.js';

export function fakeTime(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'performance', 'Date'] });
}

export interface StoryExhibit {
  exhibit: Exhibit;
  source: ScriptedSource;
  /** Every `story` event, with the fake Date.now() it came at. */
  events: { at: number; state: StoryState }[];
}

/** A started XOR exhibit (trained first, as a museum's would be) with the shipped story; call fakeTime() first. */
export async function storyExhibit(
  options: { rig?: 'xor' | 'digits7'; withStory?: boolean; store?: AtomicJsonStore<ExhibitSnapshot>; attract?: boolean } = {},
): Promise<StoryExhibit> {
  const loaded = await loadRig(join(BOARDS_DIR, `rigs/${options.rig ?? 'xor'}.json`));
  const rig = {
    ...loaded.rig,
    cascade: { ...loaded.rig.cascade, stepDelayMs: 0 },
    training: { ...loaded.rig.training, trainOnStart: true },
    visitors: { ...loaded.rig.visitors, attract: options.attract ?? true },
  };
  const source = new ScriptedSource('sim');
  const exhibit = new Exhibit({
    scheduler: nodeScheduler,
    rig,
    source,
    corpus: await loadRigCorpus(rig, loaded.path),
    story: options.withStory === false ? null : loaded.story,
    store: options.store ?? null,
  });
  const events: StoryExhibit['events'] = [];
  exhibit.on('story', (state) => events.push({ at: Date.now(), state: structuredClone(state) }));
  exhibit.start();
  // The boot-time fit runs at full speed; the boards open.
  for (let i = 0; i < 200 && (exhibit.trainingStatus.running || source.boards.size < rig.boards.length); i++) await vi.advanceTimersByTimeAsync(50);
  if (exhibit.trainingStatus.running) throw new Error('the boot-time fit did not end');
  return { exhibit, source, events };
}

/** Advances fake time in steps until `check` holds; fails naming what it waited for. */
export async function advanceUntil(check: () => boolean, what: string, maxMs = 300_000, stepMs = 100): Promise<void> {
  for (let t = 0; t <= maxMs; t += stepMs) {
    if (check()) return;
    await vi.advanceTimersByTimeAsync(stepMs);
  }
  throw new Error(`not within ${maxMs} ms of fake time: ${what}`);
}

/**
 * Stops a story test's exhibit under fake time (its stop waits on timers) and puts real timers and
 * mocks back: every story test's afterEach.
 */
export async function stopInFakeTime(exhibit: Exhibit | null): Promise<void> {
  if (exhibit) {
    const stopping = exhibit.stop();
    await vi.advanceTimersByTimeAsync(1000);
    await stopping;
  }
  vi.useRealTimers();
  vi.restoreAllMocks();
}
