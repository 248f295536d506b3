/** The exhibit's seams: where boards come from, and what it tells a dashboard. */
import type { BoardCatalogue } from '../catalogue/boardCatalogue.js';
import type { AddResult, Corpus } from '../core/corpus.js';
import type { TraceSnapshot } from '../core/forward.js';
import type { NetworkJson } from '../core/network-json.js';
import type { NeuronBoard } from '../transports/board.js';
import type { AtomicJsonStore } from '../hosts/node/atomicJsonStore.js';
import type { SupervisedState, SupervisorTiming } from './boardSupervisor.js';
import type { DataLock } from '../hosts/node/dataLock.js';
import type { ExhibitSnapshot } from './exhibitState.js';
import type { ResolvedRig } from './rig/validate.js';
import type { LoadedStory } from './story/load.js';
import type { StoryClock } from './story/player.js';
import type { CascadeStep } from './cascade.js';
import type { VisitorsState } from './idleClock.js';
import type { RigBoard } from './rig/schema.js';
import type { StoryState } from './story/storyState.js';
import type { TrainingStatus, TryEvent } from './trainingRunner.js';

/** What an exhibit is built from (openExhibit.ts builds it from a rig file). */
export interface ExhibitOptions {
  rig: ResolvedRig;
  source: BoardSource;
  /** A saved network and corpus to start from; otherwise a fresh seeded guess and the rig's corpus. */
  saved?: ExhibitSnapshot | null;
  corpus: Corpus;
  store?: AtomicJsonStore<ExhibitSnapshot> | null;
  supervisorTiming?: Partial<SupervisorTiming>;
  /** Save at most this often while training runs (ms). */
  saveEveryMs?: number;
  /** The data folder's lock (dataLock.ts), released when the exhibit stops. */
  lock?: DataLock | null;
  /** The story it plays by itself (LoadedRig.story), and its timers (scenarios dilate them). */
  story?: LoadedStory | null;
  storyClock?: StoryClock;
}

/** Where the boards come from: simulated ones, or hardware found on serial ports. */
export interface BoardSource {
  readonly kind: 'sim' | 'fake' | 'hardware';
  /** The kinds of board it opens (a supervisor reads each one's bootloader timing there). */
  readonly catalogue: BoardCatalogue;
  /** Finds and opens a rig board; rejects (NbError) when it is not there. */
  open(board: RigBoard): Promise<NeuronBoard>;
  /** Presses a simulated board's button. Returns false for real hardware (nobody can press it from here). */
  press(boardId: string, channel: number, pressed: boolean): boolean;
  /**
   * Why a simulated board cannot take a press now though the host still has it online ("resetting
   * (its bootloader runs)", "unplugged"), or null. Absent, or null, for hardware.
   */
  notReady?(boardId: string): string | null;
  /** The LED level measured on a simulated board's pin, or null for hardware. */
  measuredLevel(boardId: string, channel: number): number | null;
  close(): Promise<void>;
}

export interface BoardChannelState {
  channel: number;
  layer: number;
  node: number;
  /** The node's name (the rig's label, or "input N" / "hidden N" / "output N"). */
  label: string;
  ledLevel: number;
  measuredLevel: number | null;
  pressed: boolean;
}

export interface BoardState {
  id: string;
  name: string | null;
  profile: string;
  transport: string | null;
  path: string | null;
  state: SupervisedState;
  online: boolean;
  lastSeenMs: number | null;
  rttMs: number | null;
  reconnects: number;
  channels: BoardChannelState[];
}

export interface ExhibitStateJson {
  rig: { name: string; title: string; layers: number[]; language: string };
  /** labels[layer][node]: every node's name (nodeLabels). */
  labels: string[][];
  network: NetworkJson;
  trace: TraceSnapshot | null;
  inputs: number[];
  boards: BoardState[];
  training: TrainingStatus;
  corpus: { size: number; correct: number };
  /** Is anybody at the exhibit: idle after the rig's visitors.idleMs without a press. */
  visitors: VisitorsState;
  /** The story it plays by itself (STORY-CONTRACT.md; name null when the rig has none). */
  story: StoryState;
}

export type LogLevel = 'info' | 'warn' | 'error';

export interface ExhibitEvents {
  trace: [trace: TraceSnapshot, source: string];
  cascade: [step: CascadeStep];
  board: [board: BoardState];
  training: [status: TrainingStatus];
  /** One try of trial and error at a watchable pace (or a single step). */
  try: [event: TryEvent];
  /**
   * `index` is the example added, replaced, removed, kept (by staff) or dropped (the oldest a visitor
   * added, making room in a full corpus: an 'added' follows); -1 for 'reset' (back to the rig's
   * corpus) and 'forgotten' (visitors' examples forgotten, the network put back).
   */
  corpus: [change: { outcome: AddResult['outcome'] | 'removed' | 'reset' | 'kept' | 'forgotten' | 'dropped'; index: number; size: number }];
  log: [level: LogLevel, message: string];
  /** Idle flipped: nobody pressed anything for the rig's idleMs, or somebody just did. */
  visitors: [state: VisitorsState];
  /** Every visitor action (a board button, an API press or click, a teach), before it takes effect. */
  activity: [source: 'button' | 'press' | 'teach'];
  /** The story's whole state, on every change (an act or scene begins, a learn epoch, a hand-over). */
  story: [state: StoryState];
}
