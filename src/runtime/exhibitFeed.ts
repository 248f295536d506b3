/**
 * The exhibit's events as a page or an API client receives them, each numbered. A client that
 * mixes the events with fetched states cannot tell by arrival which is newer: the server may answer
 * a fetch, then a press changes the exhibit and its event overtakes the reply. With every event
 * numbered (`seq`, strictly increasing) and every state saying the number of the last event it
 * reflects, the client compares numbers instead (docs/api.md says the rule).
 *
 * Host-neutral on purpose: the Node server's event stream and `GET /api/state` read it, and a
 * browser host's worker can hand the same numbered events to its pages.
 */
import type { TraceSnapshot } from '../core/forward.js';
import type { CascadeStep } from './cascade.js';
import type { LogLevel } from './boardSupervisor.js';
import type { Exhibit, ExhibitEvents, ExhibitStateJson, NeuronsSummary, SpikeReport } from './exhibit.js';
import type { BoardState } from './rigBoards.js';
import type { VisitorsState } from './idleClock.js';
import type { StoryState } from './story/storyState.js';
import type { TrainingStatus, TryEvent } from './trainingRunner.js';

/** What each event's data is, as docs/api.md documents it (before its `seq`). */
export interface FeedData {
  trace: TraceSnapshot & { source: string };
  cascade: CascadeStep;
  board: BoardState;
  training: TrainingStatus;
  try: TryEvent;
  corpus: ExhibitEvents['corpus'][0];
  log: { level: LogLevel; message: string; at: number };
  visitors: VisitorsState;
  story: StoryState;
  neurons: NeuronsSummary;
  spike: SpikeReport;
}

export type FeedEventName = keyof FeedData;

/** One numbered event. */
export type FeedEvent = { [K in FeedEventName]: { name: K; data: FeedData[K] & { seq: number } } }[FeedEventName];

/** The exhibit's state and the number of the last event it reflects. */
export type FeedSnapshot = ExhibitStateJson & { seq: number };

export class ExhibitFeed {
  private seq = 0;
  private readonly listeners = new Set<(event: FeedEvent) => void>();
  private readonly unsubscribe: () => void;

  constructor(private readonly exhibit: Exhibit) {
    const sources: { [K in keyof ExhibitEvents]: (...args: ExhibitEvents[K]) => void } = {
      trace: (trace, source) => this.publish('trace', { source, ...trace }),
      cascade: (step) => this.publish('cascade', step),
      board: (board) => this.publish('board', board),
      training: (status) => this.publish('training', status),
      try: (event) => this.publish('try', event),
      corpus: (change) => this.publish('corpus', change),
      log: (level, message) => this.publish('log', { level, message, at: Date.now() }),
      visitors: (state) => this.publish('visitors', state),
      // Every press would be noise: `visitors` carries what a page needs.
      activity: () => undefined,
      story: (state) => this.publish('story', state),
      neurons: (summary) => this.publish('neurons', summary),
      // Already rate-limited at the source (spikingMode.ts: at most every SPIKE_REPORT_MS).
      spike: (report) => this.publish('spike', report),
    };
    for (const [name, fn] of Object.entries(sources)) exhibit.on(name as keyof ExhibitEvents, fn as never);
    this.unsubscribe = () => {
      for (const [name, fn] of Object.entries(sources)) exhibit.off(name as keyof ExhibitEvents, fn as never);
    };
  }

  /**
   * The state now, with the number of the last event published. The exhibit emits each event after
   * the change it reports, so the state reflects every event up to that number (and at most a change
   * whose event is still to come: applying that event again changes nothing).
   */
  snapshot(): FeedSnapshot {
    return { ...this.exhibit.state(), seq: this.seq };
  }

  /** The number of the last event published (0 before the first). */
  get lastSeq(): number {
    return this.seq;
  }

  /** Calls `fn` with every event from now on; returns the function that stops it. */
  subscribe(fn: (event: FeedEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Stops listening to the exhibit (the listeners get nothing more). */
  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  private publish<K extends FeedEventName>(name: K, data: FeedData[K]): void {
    // A copy: the exhibit's own objects (its training status, a board's state) stay as they are.
    const event = { name, data: { ...data, seq: ++this.seq } } as FeedEvent;
    for (const fn of this.listeners) fn(event);
  }
}
