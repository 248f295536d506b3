/**
 * The rig's boards as the exhibit sees them: one supervisor per board, and which board channels show
 * each node of the network. Shows a cascade step on the LEDs, reports each board's state, and says
 * when a board's button cannot count now (starting, resetting, offline).
 */
import { EventEmitter } from 'eventemitter3';
import { NbError } from '../core/errors.js';
import type { Scheduler } from '../platform/scheduler.js';
import type { ButtonEvent } from '../transports/board.js';
import { BoardSupervisor, type LogLevel, type SupervisedState, type SupervisorTiming } from './boardSupervisor.js';
import type { BoardSource, EmulatedBoards } from './boardSource.js';
import type { CascadeStep } from './cascade.js';
import type { RigBoard } from './rig/schema.js';
import { rigLanguage, rigWords, type RigWords } from './rig/words.js';
import { channelsNeeded, type ResolvedRig } from './rig/validate.js';

export interface BoardChannelState {
  channel: number;
  layer: number;
  node: number;
  /** The node's name (the rig's label, or "input N" / "hidden N" / "output N"). */
  label: string;
  ledLevel: number;
  /** The level measured on an emulated board's pin; null for hardware. */
  measuredLevel: number | null;
  pressed: boolean;
}

/** One rig board as `/api/state` and the `board` event show it. */
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

interface Binding {
  supervisor: BoardSupervisor;
  channel: number;
}

export interface RigBoardsEvents {
  board: [state: BoardState];
  button: [board: RigBoard, event: ButtonEvent];
  log: [level: LogLevel, message: string];
}

export class RigBoards extends EventEmitter<RigBoardsEvents> {
  private readonly rig: ResolvedRig;
  private readonly source: BoardSource;
  private readonly supervisors = new Map<string, BoardSupervisor>();
  /** bindings[layer][node]: the board channels that show that node. */
  private readonly bindings: Binding[][][];
  /** The debounced button state last reported, by `boardId:channel`. */
  private readonly pressed = new Map<string, boolean>();
  /** labels[layer][node]: every node's name, for the board states. */
  readonly labels: string[][];
  /** The rig's words in its default language: board names and labels as the console and the API show them. */
  private readonly words: RigWords;

  constructor(
    rig: ResolvedRig,
    source: BoardSource,
    /** The source's emulated boards (pins to measure, boards still resetting), or null for hardware. */
    private readonly emulated: EmulatedBoards | null,
    scheduler: Scheduler,
    timing?: Partial<SupervisorTiming>,
  ) {
    super();
    this.rig = rig;
    this.source = source;
    this.words = rigWords(rig, rigLanguage(rig));
    this.labels = this.words.labels;
    this.bindings = rig.network.layers.map((size) => Array.from({ length: size }, () => [] as Binding[]));
    for (const board of rig.boards) {
      const supervisor = new BoardSupervisor({
        id: board.id,
        channels: channelsNeeded(board),
        open: () => source.open(board),
        catalogue: source.catalogue,
        scheduler,
        ...(timing ? { timing } : {}),
      });
      supervisor.on('state', () => this.emit('board', this.state(board)));
      supervisor.on('log', (level, message) => this.emit('log', level, message));
      supervisor.on('button', (event) => {
        this.pressed.set(`${board.id}:${event.channel}`, event.pressed);
        this.emit('board', this.state(board));
        this.emit('button', board, event);
      });
      this.supervisors.set(board.id, supervisor);
      for (const c of board.channels) this.bindings[c.layer]![c.node]!.push({ supervisor, channel: c.channel });
    }
  }

  start(): void {
    for (const s of this.supervisors.values()) s.start();
  }

  async idle(): Promise<void> {
    await Promise.all([...this.supervisors.values()].map((s) => s.idle()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.supervisors.values()].map((s) => s.stop()));
  }

  supervisor(boardId: string): BoardSupervisor {
    const supervisor = this.supervisors.get(boardId);
    if (!supervisor) throw new NbError('NB_ERR_NOT_FOUND', `no board "${boardId}" in rig "${this.rig.name}"`);
    return supervisor;
  }

  /**
   * Why a press on `board` cannot count now, as the error to answer with (NB_ERR_BOARD_NOT_READY,
   * 503, with when to try again), or null when it can: the host must be listening to the board
   * (online) and the board running its firmware (not resetting), or its button event is lost.
   */
  pressRefusal(board: RigBoard): NbError | null {
    const supervisor = this.supervisor(board.id);
    const name = this.words.boards[board.id];
    const who = `board ${board.id}${name ? ` (${name})` : ''}`;
    const refuse = (why: string, retryAfterS: number) => new NbError('NB_ERR_BOARD_NOT_READY', `${who} ${why}`, { retryAfterS });
    switch (supervisor.state) {
      case 'online': {
        const busy = this.emulated?.notReady(board.id) ?? null;
        return busy ? refuse(`is ${busy}: its button cannot count until its firmware runs again; try again in a second`, 1) : null;
      }
      case 'connecting': {
        const starting = supervisor.stateReason === 'starting';
        return refuse(`is ${starting ? 'starting' : 'reconnecting'}: its button counts once it is online; try again in a second`, 1);
      }
      case 'offline':
        return refuse(`is offline (${supervisor.stateReason}): its button cannot count until it is back; staff: check its cable and power (it is reopened by itself)`, 5);
      case 'quarantined': {
        const seconds = Math.ceil(supervisor.timing.quarantineMs / 1000);
        return refuse(`is quarantined for ${seconds} s (${supervisor.stateReason}): its button cannot count until it is back; staff: check its cable and baud rate`, seconds);
      }
      case 'stopped':
        return refuse('is stopped (the exhibit is shutting down): its button cannot count', 5);
    }
  }

  /** Sets the LEDs of the step's layer; with `fireMs` > 0, nodes that fired (past the inputs) pulse. */
  show(step: CascadeStep, fireMs: number): void {
    const layer = this.bindings[step.layer] ?? [];
    step.levels.forEach((level, node) => {
      for (const { supervisor, channel } of layer[node] ?? []) {
        supervisor.setLed(channel, level);
        if (fireMs > 0 && step.layer > 0 && step.fired[node]) supervisor.fire(channel, fireMs);
      }
    });
  }

  /** The ids of the boards whose channels show one node, one entry per channel (spiking mode pays each board's command budget). */
  boardsOf(layer: number, node: number): string[] {
    return (this.bindings[layer]?.[node] ?? []).map(({ supervisor }) => supervisor.id);
  }

  /** Sets the LED level of the channels that show one node. */
  setLevel(layer: number, node: number, level: number): void {
    for (const { supervisor, channel } of this.bindings[layer]?.[node] ?? []) supervisor.setLed(channel, level);
  }

  /** A short fire pulse on the channels that show one node (a neuron whose weights just changed). */
  flicker(layer: number, node: number, ms: number): void {
    for (const { supervisor, channel } of this.bindings[layer]?.[node] ?? []) supervisor.fire(channel, ms);
  }

  states(): BoardState[] {
    return this.rig.boards.map((b) => this.state(b));
  }

  state(board: RigBoard): BoardState {
    const s = this.supervisors.get(board.id)!;
    return {
      id: board.id,
      name: this.words.boards[board.id] ?? null,
      profile: board.profile,
      transport: s.transport ?? (this.source.kind === 'hardware' ? (board.transport ?? 'serial') : this.source.kind),
      path: s.path,
      state: s.state,
      online: s.state === 'online',
      lastSeenMs: s.lastSeenMs,
      rttMs: s.rttMs,
      reconnects: s.reconnects,
      channels: board.channels.map((c) => ({
        channel: c.channel,
        layer: c.layer,
        node: c.node,
        label: this.labels[c.layer]![c.node]!,
        ledLevel: s.levels[c.channel] ?? 0,
        measuredLevel: this.emulated?.measuredLevel(board.id, c.channel) ?? null,
        pressed: this.pressed.get(`${board.id}:${c.channel}`) ?? false,
      })),
    };
  }
}
