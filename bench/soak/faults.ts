/**
 * The in-process half of the soak's fault schedule: runs inside the exhibit's process because the
 * simulated boards live there. Per board, three independent seeded loops: button mashing (bursts up
 * to 50 presses a second, with contact bounce), outages (unplug under a pending write, a silent
 * board, a reboot, an impostor on the port), and garbage on the line (binary noise, overlong lines,
 * half lines, an older protocol's announcement). A watcher checks every 100 ms that each online
 * board's LEDs show what the network says, and that a board comes back after each outage.
 */
import type { Exhibit } from '../../src/runtime/exhibit.js';
import { DEFAULT_TIMING } from '../../src/runtime/boardSupervisor.js';
import { bootloaderListensMs } from '../../src/runtime/bootloaderQuiet.js';
import type { RigBoard } from '../../src/runtime/rig/schema.js';
import type { ResolvedRig } from '../../src/runtime/rig/validate.js';
import type { SoakDevice } from './devices.js';
import type { Random } from './random.js';
import { shippedCatalogue } from '../../src/hosts/node/boardFiles.js';

export type OutageKind = 'unplug' | 'silent' | 'reset' | 'impostor';
export type GarbageKind = 'noise' | 'overlong' | 'halfLine' | 'oldProtocol';

/**
 * An online board's LEDs may lag the network at most this long: a board that stops taking commands
 * is declared offline within silentAfterMs plus one ping interval, so a longer mismatch while it
 * still counts as online is a wedge.
 */
export const LED_FOLLOW_BOUND_MS = DEFAULT_TIMING.silentAfterMs + DEFAULT_TIMING.pingIntervalMs + 500;

/**
 * The bound for one board. After a missed reply (a garbled PONG) the host sends a Mega nothing for
 * its bootloader's wait (bootloaderQuiet.ts), so a level set meanwhile reaches it up to that long
 * later; a ping interval more of slack, as above, for timers late on a loaded machine.
 */
export function followBoundMs(board: Pick<RigBoard, 'profile'>): number {
  const quiet = bootloaderListensMs(shippedCatalogue(), board.profile);
  return quiet === 0 ? LED_FOLLOW_BOUND_MS : Math.max(LED_FOLLOW_BOUND_MS, quiet + DEFAULT_TIMING.pingIntervalMs + 500);
}
/**
 * After an outage ends, the board must be online again within this: the longest backoff step, the
 * open timeout of SerialNeuronBoard (BOOT wait, then WHO), and slack for a busy machine.
 */
export const BACK_ONLINE_BOUND_MS = DEFAULT_TIMING.backoffMaxMs + 8000 + 2000;

export interface FaultTimings {
  /** Quiet time between one board's outages (ms, uniform). */
  outageGap: [number, number];
  /** How long an unplug, a silence or an impostor lasts. */
  outageLength: [number, number];
  /** Quiet time between button bursts, and a burst's length. */
  pressGap: [number, number];
  pressBurst: [number, number];
  /** Time between garbage injections on one board (kept below the supervisor's quarantine rate). */
  garbageGap: [number, number];
}

export const NORMAL_TIMINGS: FaultTimings = {
  outageGap: [2000, 12_000],
  outageLength: [300, 4000],
  pressGap: [300, 4000],
  pressBurst: [300, 3000],
  garbageGap: [1000, 6000],
};

export interface FaultReport {
  counts: Record<string, number>;
  /** Replug → online again, ms. */
  reconnectMs: number[];
  /** End of a silence/reset/impostor → online again, ms. */
  recoveryMs: number[];
  wedges: string[];
  quarantines: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class FaultInjector {
  private running = false;
  private readonly counts: Record<string, number> = {};
  private reconnectMs: number[] = [];
  private recoveryMs: number[] = [];
  private wedges: string[] = [];
  private quarantines = 0;
  private readonly onlineSince = new Map<string, number>();
  private readonly mismatchSince = new Map<string, number>();
  private watcher: NodeJS.Timeout | null = null;
  private readonly loops: Promise<void>[] = [];

  constructor(
    private readonly exhibit: Exhibit,
    private readonly rig: ResolvedRig,
    private readonly devices: Map<string, SoakDevice>,
    private readonly random: Random,
    private readonly timings: FaultTimings = NORMAL_TIMINGS,
    /** LED levels may differ by this much (the emulator measures PWM duty over a window). */
    private readonly ledTolerance = 2,
  ) {
    const lastState = new Map<string, string>();
    exhibit.on('board', (b) => {
      if (b.state === 'quarantined' && lastState.get(b.id) !== 'quarantined') this.quarantines += 1;
      lastState.set(b.id, b.state);
      if (b.online && !this.onlineSince.has(b.id)) this.onlineSince.set(b.id, Date.now());
      if (!b.online) this.onlineSince.delete(b.id);
    });
  }

  start(): void {
    this.running = true;
    // Boards already online before the injector was made count from now.
    for (const b of this.exhibit.state().boards) if (b.online && !this.onlineSince.has(b.id)) this.onlineSince.set(b.id, Date.now());
    for (const board of this.rig.boards) {
      const device = this.devices.get(board.id);
      if (!device) continue;
      this.loops.push(this.pressLoop(board, device), this.outageLoop(board, device), this.garbageLoop(device));
    }
    this.watcher = setInterval(() => this.watch(), 100);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.watcher) clearInterval(this.watcher);
    // The loops see `running` at their next step; nothing waits on them (a gap may be seconds long).
    await Promise.resolve();
  }

  /** What happened since the last call (counts are totals). */
  drain(): FaultReport {
    const report = {
      counts: { ...this.counts },
      reconnectMs: this.reconnectMs,
      recoveryMs: this.recoveryMs,
      wedges: this.wedges,
      quarantines: this.quarantines,
    };
    this.reconnectMs = [];
    this.recoveryMs = [];
    this.wedges = [];
    for (const d of this.devices.values()) d.trimRecords();
    return report;
  }

  private count(kind: string): void {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
  }

  private between([min, max]: [number, number]): number {
    return this.random.int(min, max);
  }

  /** Mashing: bursts of presses at up to 50 a second, each bouncing a few times on the way down and up. */
  private async pressLoop(board: RigBoard, device: SoakDevice): Promise<void> {
    const channels = board.channels.map((c) => c.channel);
    while (this.running) {
      await sleep(this.between(this.timings.pressGap));
      const burstEnd = Date.now() + this.between(this.timings.pressBurst);
      const perSecond = this.random.int(3, 50);
      const period = 1000 / perSecond;
      while (this.running && Date.now() < burstEnd) {
        const started = Date.now();
        const ch = this.random.pick(channels);
        this.count('press');
        await this.bounce(device, ch, true);
        await sleep(this.random.int(2, Math.max(3, Math.floor(period * 0.7))));
        await this.bounce(device, ch, false);
        const left = period - (Date.now() - started);
        if (left > 0) await sleep(left);
      }
    }
  }

  private async bounce(device: SoakDevice, ch: number, down: boolean): Promise<void> {
    const bounces = this.random.int(0, 3);
    for (let i = 0; i < bounces; i++) {
      if (down) device.press(ch);
      else device.release(ch);
      await sleep(1);
      if (down) device.release(ch);
      else device.press(ch);
    }
    if (down) device.press(ch);
    else device.release(ch);
  }

  private async outageLoop(board: RigBoard, device: SoakDevice): Promise<void> {
    const kinds: OutageKind[] = ['unplug', 'unplug', 'silent', 'reset', 'impostor'];
    while (this.running) {
      await sleep(this.between(this.timings.outageGap));
      if (!this.running) break;
      const kind = this.random.pick(kinds);
      this.count(kind);
      let endedAt = Date.now();
      switch (kind) {
        case 'unplug': {
          // Writes in flight when the cable goes: a pass that changes every LED, then the yank.
          this.exhibit.setInputs(this.exhibit.state().inputs.map(() => this.random.int(0, 1)));
          device.unplug();
          await sleep(this.between(this.timings.outageLength));
          device.replug();
          endedAt = Date.now();
          break;
        }
        case 'silent':
          device.silence(true);
          await sleep(this.between(this.timings.outageLength) + 1000);
          device.silence(false);
          endedAt = Date.now();
          break;
        case 'reset':
          device.reset();
          break;
        case 'impostor':
          device.impostor(true);
          await sleep(this.between(this.timings.outageLength));
          device.impostor(false);
          endedAt = Date.now();
          break;
      }
      // The board must be back within the bound; a board parked in quarantine is waiting by design.
      const back = await this.waitOnline(board.id, BACK_ONLINE_BOUND_MS, endedAt);
      if (back === null) {
        const state = this.exhibit.boardState(board).state;
        if (state !== 'quarantined') this.wedges.push(`board ${board.id} still ${state} ${BACK_ONLINE_BOUND_MS} ms after ${kind} ended`);
      } else if (kind === 'unplug') this.reconnectMs.push(back);
      else this.recoveryMs.push(back);
    }
  }

  /** Ms from `since` until the board is online again after having gone (or now, if it never left). */
  private async waitOnline(id: string, boundMs: number, since: number): Promise<number | null> {
    const board = this.rig.boards.find((b) => b.id === id)!;
    // A reset or an impostor takes the board offline a moment later: give it that moment to go.
    await sleep(50);
    while (Date.now() - since < boundMs) {
      if (this.exhibit.boardState(board).online) return Date.now() - since;
      if (this.exhibit.boardState(board).state === 'quarantined') return null;
      await sleep(10);
    }
    return null;
  }

  private async garbageLoop(device: SoakDevice): Promise<void> {
    const kinds: GarbageKind[] = ['noise', 'overlong', 'halfLine', 'oldProtocol'];
    while (this.running) {
      await sleep(this.between(this.timings.garbageGap));
      if (!this.running) break;
      const kind = this.random.pick(kinds);
      this.count(kind);
      switch (kind) {
        case 'noise': {
          const n = this.random.int(1, 40);
          let text = '';
          for (let i = 0; i < n; i++) text += String.fromCharCode(this.random.int(0, 255));
          device.inject(`${text.replaceAll('\n', '')}\n`);
          break;
        }
        case 'overlong':
          device.inject(`${'PONG 1 2 '.repeat(this.random.int(6, 400))}\n`);
          break;
        case 'halfLine':
          device.inject(this.random.pick(['PONG 12', 'BTN 0 1', 'OK LE', 'BOOT 1 0.1']));
          break;
        case 'oldProtocol':
          device.inject(this.random.pick([`HELLO 0 0.0.9 uno ${device.id} 1 4\n`, `BOOT 0 0.0.9 uno ${device.id} 1 4 power\n`]));
          break;
      }
    }
  }

  /** Every 100 ms: does each board that has been online a moment show what the network says? */
  private watch(): void {
    const now = Date.now();
    for (const board of this.rig.boards) {
      const device = this.devices.get(board.id);
      const since = this.onlineSince.get(board.id);
      if (!device || since === undefined || now - since < 500) {
        for (const c of board.channels) this.mismatchSince.delete(`${board.id}:${c.channel}`);
        continue;
      }
      const state = this.exhibit.boardState(board);
      for (const ch of state.channels) {
        const key = `${board.id}:${ch.channel}`;
        const shown = device.ledLevel(ch.channel);
        // A fire pulse shows full brightness for a moment: that is following the network too.
        const ok = Math.abs(shown - ch.ledLevel) <= this.ledTolerance || shown === 255;
        if (ok) {
          this.mismatchSince.delete(key);
          continue;
        }
        const first = this.mismatchSince.get(key);
        if (first === undefined) this.mismatchSince.set(key, now);
        else if (first > 0 && now - first > followBoundMs(board)) {
          this.wedges.push(`board ${board.id} channel ${ch.channel} online but showing ${shown} instead of ${ch.ledLevel} for ${now - first} ms`);
          this.mismatchSince.set(key, -1); // reported once per episode
        }
      }
    }
  }
}
