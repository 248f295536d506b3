/**
 * The idle clock: idle at start, busy from the first visitor action, idle again `idleMs` after the
 * last one; and the Exhibit counts board buttons, API presses and teaching as visitor actions.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { BOARDS_DIR } from '../../src/hosts/node/paths.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import { IdleClock, type VisitorsState } from '../../src/runtime/idleClock.js';
import { loadRig } from '../../src/hosts/node/exhibitFiles.js';
import { resolveRig } from '../../src/runtime/rig/validate.js';
import { waitFor } from '../transports/waitFor.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';
import { nodeFakeSource } from '../../src/hosts/node/boardSources.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('IdleClock', () => {
  it('is idle at start, busy at the first touch, and idle again idleMs after the last touch', () => {
    vi.useFakeTimers({ now: new Date('2026-12-01T10:00:00Z') });
    const clock = new IdleClock(60_000, nodeScheduler);
    const changes: VisitorsState[] = [];
    clock.on('change', (s) => changes.push(s));
    expect(clock.state).toEqual({ idle: true, idleMs: 60_000, lastActivityAt: null });

    clock.touch();
    expect(clock.state.idle).toBe(false);
    expect(clock.state.lastActivityAt).toBe(Date.parse('2026-12-01T10:00:00Z'));
    vi.advanceTimersByTime(50_000);
    clock.touch(); // a second press restarts the wait: no change event, still busy
    vi.advanceTimersByTime(59_000);
    expect(clock.state.idle).toBe(false);
    vi.advanceTimersByTime(1_000);
    expect(clock.state.idle).toBe(true);
    expect(clock.state.lastActivityAt).toBe(Date.parse('2026-12-01T10:00:50Z'));
    expect(changes.map((c) => c.idle)).toEqual([false, true]);
    clock.stop();
  });

  it('stop() cancels the pending timeout', () => {
    vi.useFakeTimers();
    const clock = new IdleClock(10_000, nodeScheduler);
    const changes: boolean[] = [];
    clock.on('change', (s) => changes.push(s.idle));
    clock.touch();
    clock.stop();
    vi.advanceTimersByTime(60_000);
    expect(changes).toEqual([false]);
  });
});

describe('the exhibit counts visitor actions', () => {
  it('rig visitors settings have defaults, and the idle time is read from the rig', async () => {
    const { rig } = await loadRig(join(BOARDS_DIR, 'rigs/xor.json'));
    expect(rig.visitors).toEqual({ idleMs: 90_000, attract: true, lessons: 'forget-after-idle', forgetAfterMs: 300_000 });
    const custom = resolveRig({ ...rig, visitors: { idleMs: 20_000, lessons: 'keep' } });
    expect(custom.visitors).toEqual({ idleMs: 20_000, attract: true, lessons: 'keep', forgetAfterMs: 300_000 });
  });

  it('one press counts as one visitor action (when its board reports it), a board\'s release as another, a visitor\'s teach as one; idle comes back after idleMs', async () => {
    const loaded = (await loadRig(join(BOARDS_DIR, 'rigs/xor.json'))).rig;
    const rig = { ...loaded, visitors: { ...loaded.visitors, idleMs: 400 }, training: { ...loaded.training, trainOnStart: false } };
    const exhibit = new Exhibit({ scheduler: nodeScheduler, rig, source: nodeFakeSource(rig), corpus: classicCorpus('xor') });
    const activity: string[] = [];
    const flips: boolean[] = [];
    exhibit.on('activity', (source) => activity.push(source));
    exhibit.on('visitors', (s) => flips.push(s.idle));
    exhibit.start();
    try {
      await waitFor(() => exhibit.state().boards.every((b) => b.online), { what: 'boards online' });
      expect(exhibit.visitors.idle).toBe(true);
      expect(exhibit.state().visitors.idle).toBe(true);

      exhibit.press('a0000001', undefined, true);
      expect(activity).toEqual([]); // nothing is counted until the board says its button went down
      await waitFor(() => exhibit.state().boards[0]!.channels[0]!.pressed, { what: 'the board reports the press' });
      expect(activity).toEqual(['button']); // once, not once for the API call and once for the board
      expect(exhibit.visitors.idle).toBe(false);
      exhibit.press('a0000001', undefined, false);
      await waitFor(() => !exhibit.state().boards[0]!.channels[0]!.pressed, { what: 'the board reports the release' });
      expect(activity).toEqual(['button', 'button']);
      await exhibit.teach({ inputs: [1, 0], targets: [1] });
      expect(activity).toEqual(['button', 'button', 'teach']);
      await exhibit.teach({ inputs: [0, 1], targets: [1] }, 'staff');
      expect(activity).toEqual(['button', 'button', 'teach']); // staff are no visitors
      await waitFor(() => exhibit.visitors.idle, { timeoutMs: 5_000, what: 'idle again' });
      expect(flips).toEqual([false, true]);
    } finally {
      await exhibit.stop();
    }
  });

  it('an answer board\'s button teaches, and the press counts once (not once more for the teach it makes)', async () => {
    const loaded = (await loadRig(join(BOARDS_DIR, 'rigs/xor.json'))).rig;
    const rig = { ...loaded, training: { ...loaded.training, trainOnStart: false } };
    const exhibit = new Exhibit({ scheduler: nodeScheduler, rig, source: nodeFakeSource(rig), corpus: classicCorpus('xor') });
    const activity: string[] = [];
    const corpus: string[] = [];
    exhibit.on('activity', (source) => activity.push(source));
    exhibit.on('corpus', (change) => corpus.push(change.outcome));
    exhibit.start();
    try {
      await waitFor(() => exhibit.state().boards.every((b) => b.online), { what: 'boards online' });
      const answer = rig.boards.find((b) => b.channels.some((c) => c.layer === rig.network.layers.length - 1))!;
      exhibit.press(answer.id, undefined, true);
      await waitFor(() => corpus.length > 0, { what: 'the answer button teaches' });
      expect(activity).toEqual(['button']);
    } finally {
      await exhibit.stop();
    }
  });
});
