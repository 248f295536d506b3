/**
 * How an exhibit saves its network and corpus: through the host's store (src/platform/exhibitStore.ts), coalesced, with the status
 * `/api/health` reports. `save()` never throws (training saves as it goes and must not die of a full
 * disk); `saved()` is what a route awaits before it answers 2xx, so a 2xx means the change is on disk.
 */
import { NbError } from '../core/errors.js';
import type { ExhibitStore } from '../platform/exhibitStore.js';
import type { Scheduler } from '../platform/scheduler.js';
import type { LogLevel } from './boardSupervisor.js';

export interface SaveStatus {
  /** Wall time of the last good save, or null. */
  lastSavedAt: number | null;
  /** The last save's error, cleared by the next good save. */
  lastError: string | null;
}

export class ExhibitSaver {
  status: SaveStatus = { lastSavedAt: null, lastError: null };
  /** The scheduler's now() at the last save asked for (monotonic: a wall-clock jump must not stall or rush saves). */
  lastSaveAt = -Infinity;

  constructor(
    private readonly store: ExhibitStore<unknown> | null,
    private readonly scheduler: Scheduler,
    /** The document to save, built when its write begins (so it holds every change made before the save was asked for). */
    private readonly document: () => unknown,
    private readonly log: (level: LogLevel, message: string) => void,
  ) {}

  /** Saves (coalesced, atomic). Never throws: a failure is logged and kept in `status`. */
  async save(): Promise<void> {
    await this.persist().catch(() => undefined);
  }

  /** Saves if the last save was asked for more than `ms` ago (while training runs: not at every progress event). */
  saveIfOlderThan(ms: number): void {
    if (this.scheduler.now() - this.lastSaveAt > ms) void this.save();
  }

  /**
   * Resolves once every change made so far is on disk: it asks for a save now, which shares the
   * write of any save asked for in the same turn (a teach's own). Rejects with NB_ERR_SAVE_FAILED
   * (507) when that save fails: the change is made in memory but a restart would lose it.
   */
  async saved(): Promise<void> {
    try {
      await this.persist();
    } catch (err) {
      throw new NbError(
        'NB_ERR_SAVE_FAILED',
        `the change is made but could not be saved (${(err as Error).message}), so a restart would lose it. ` +
          "Free disk space or fix the data folder's permissions",
        { cause: err },
      );
    }
  }

  /** The last save before stopping; logs where it went (the operator who pressed Ctrl-C wants to know). */
  async final(what: string): Promise<void> {
    if (!this.store) return;
    const path = this.store.where;
    await this.persist().then(
      () => this.log('info', `saved ${what} to ${path}`),
      () => this.log('error', `${what} could NOT be saved to ${path}: changes since the last good save are lost`),
    );
  }

  private async persist(): Promise<void> {
    if (!this.store) return;
    this.lastSaveAt = this.scheduler.now();
    try {
      await this.store.saveLatest(this.document);
      this.status = { lastSavedAt: Date.now(), lastError: null };
    } catch (err) {
      this.status = { ...this.status, lastError: (err as Error).message };
      this.log('error', (err as Error).message);
      throw err;
    }
  }
}
