/**
 * The exhibit: ties the network, the rig and the boards together. Buttons (or the API) set the
 * inputs, a forward pass runs, and the cascade lights the boards layer by layer. It trains in slices
 * that never block the event loop, takes new examples in teach mode, and saves the network and the
 * corpus atomically. Every change is an event, so a dashboard can show all of it.
 */
import { EventEmitter } from 'node:events';
import type { AddResult, Example } from '../core/corpus.js';
import { Corpus, validateExample } from '../core/corpus.js';
import { NbError } from '../core/errors.js';
import { evaluateCorpus, isCorrect, packCorpus } from '../core/evaluate.js';
import { createForwardRunner, snapshotTrace, type ForwardRunner, type TraceSnapshot } from '../core/forward.js';
import { networkToJson } from '../core/network-json.js';
import { createNetwork, type Network } from '../core/network.js';
import type { ButtonEvent } from '../transports/board.js';
import type { AtomicJsonStore } from './atomicJsonStore.js';
import type { SupervisorTiming } from './boardSupervisor.js';
import { RigBoards } from './rigBoards.js';
import { CascadePlayer, planCascade, type CascadeStep } from './cascade.js';
import { stateDocument, type ExhibitSnapshot } from './exhibitState.js';
import type { RigBoard } from './rig/schema.js';
import type { ResolvedRig } from './rig/validate.js';
import { TrainingRunner, type TrainingRequest, type TrainingStatus } from './trainingRunner.js';

import type { BoardSource, BoardState, ExhibitEvents, ExhibitStateJson } from './exhibitTypes.js';

export type { BoardChannelState, BoardSource, BoardState, ExhibitEvents, ExhibitStateJson, LogLevel } from './exhibitTypes.js';

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
}

export class Exhibit extends EventEmitter<ExhibitEvents> {
  readonly rig: ResolvedRig;
  readonly network: Network;
  readonly corpus: Corpus;
  private readonly source: BoardSource;
  private readonly store: AtomicJsonStore<ExhibitSnapshot> | null;
  private readonly runner: ForwardRunner;
  private readonly player: CascadePlayer;
  private readonly trainer = new TrainingRunner();
  private readonly boards: RigBoards;
  private readonly inputs: Float64Array;
  private lastTrace: TraceSnapshot | null = null;
  /** performance.now() of the last save (monotonic: a wall-clock jump must not stall or rush saves). */
  private lastSaveAt = -Infinity;
  /** How saving goes (wall time of the last good save; the last error, cleared by the next good one). */
  saveStatus: { lastSavedAt: number | null; lastError: string | null } = { lastSavedAt: null, lastError: null };
  private readonly saveEveryMs: number;
  private refreshTimer: NodeJS.Timeout | null = null;
  private started = false;

  constructor(options: ExhibitOptions) {
    super();
    const { rig } = options;
    this.rig = rig;
    this.source = options.source;
    this.store = options.store ?? null;
    this.saveEveryMs = options.saveEveryMs ?? 30_000;
    this.network =
      options.saved?.network ??
      createNetwork({
        sizes: rig.network.layers,
        seed: rig.network.seed,
        activation: rig.network.activation,
        threshold: rig.network.threshold,
      });
    this.corpus = options.saved?.corpus ?? options.corpus;
    if (this.network.sizes.join('-') !== rig.network.layers.join('-')) {
      throw new NbError(
        'NB_ERR_DIMENSION_MISMATCH',
        `the saved network is ${this.network.sizes.join('-')} but rig "${rig.name}" says ${rig.network.layers.join('-')}; ` +
          'move the state file aside to start fresh with the new shape',
      );
    }
    this.runner = createForwardRunner(this.network);
    this.inputs = new Float64Array(rig.network.layers[0]!);
    this.player = new CascadePlayer((step) => this.show(step, true));
    this.boards = new RigBoards(rig, this.source, options.supervisorTiming);
    this.boards.on('board', (board) => this.emit('board', board));
    this.boards.on('log', (level, message) => this.emit('log', level, message));
    this.boards.on('button', (board, event) => this.onButton(board, event));

    this.trainer.on('progress', (status) => {
      this.emit('training', status);
      if (performance.now() - this.lastSaveAt > this.saveEveryMs) void this.save();
    });
    this.trainer.on('done', (status) => {
      this.emit('training', status);
      this.emit('log', 'info', `training ${status.method} ended (${status.reason}) at loss ${status.loss?.toFixed(5) ?? '?'}`);
      this.runPass('training', false);
      void this.save();
    });
  }

  /** Starts supervising the boards and shows the first pass; trains when the corpus does not fit yet. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.boards.start();
    this.runPass('start', true);
    if (this.rig.training.trainOnStart && !this.fits()) {
      // The boot-time fit runs at full speed; visitors watch the paced runs they start.
      this.train({ method: this.rig.training.method, targetLoss: this.rig.training.targetLoss, fromRandomGuess: false, stepsPerSecond: 0 });
    }
  }

  /** Stops training, leaves the boards showing their idle animation, saves, and closes everything. */
  async stop(): Promise<void> {
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    this.refreshTimer = null;
    this.player.cancel();
    await this.trainer.stop();
    await this.boards.idle();
    await this.save();
    await this.boards.stop();
    await this.source.close();
    this.started = false;
  }

  /** Sets every input and runs a pass (the API's way in). Returns the trace. */
  setInputs(values: readonly number[]): TraceSnapshot {
    if (!Array.isArray(values) || values.length !== this.inputs.length) {
      throw new NbError(
        'NB_ERR_DIMENSION_MISMATCH',
        `values must hold ${this.inputs.length} numbers (one per input of rig "${this.rig.name}"), got ${
          Array.isArray(values) ? values.length : typeof values
        }`,
        { field: 'values' },
      );
    }
    values.forEach((v, i) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new NbError('NB_ERR_INVALID_ARGUMENT', `values[${i}] must be a finite number, got ${String(v)}`, {
          field: `values[${i}]`,
        });
      }
    });
    this.inputs.set(values);
    return this.runPass('api', true);
  }

  /**
   * Presses (true) or releases a simulated board's button, as a visitor would. The board holds each
   * press and release long enough for its debounce (src/sim/heldContact.ts), so a release sent right
   * after the press still counts. Hardware boards refuse with 409.
   */
  press(boardId: string, channel: number | undefined, pressed: boolean): void {
    const board = this.rig.boards.find((b) => b.id === boardId);
    if (!board) {
      throw new NbError('NB_ERR_NOT_FOUND', `no board "${boardId}" in rig "${this.rig.name}"; boards: ${this.rig.boards.map((b) => b.id).join(', ')}`);
    }
    const ch = channel ?? board.channels[0]!.channel;
    if (!board.channels.some((c) => c.channel === ch)) {
      throw new NbError('NB_ERR_NOT_FOUND', `board ${boardId} has no channel ${ch} in this rig`, { field: 'channel' });
    }
    if (!this.source.press(boardId, ch, pressed)) {
      throw new NbError('NB_ERR_CONFLICT', `board ${boardId} is real hardware: its button can only be pressed by hand`);
    }
  }

  /** One press and release of a simulated board's button (a keyboard press, a tap): counts once. */
  click(boardId: string, channel?: number): void {
    this.press(boardId, channel, true);
    this.press(boardId, channel, false);
  }

  /** Sends a raw protocol line to a rig board and resolves with its reply line (diagnostics, scenarios). */
  rawCommand(boardId: string, line: string): Promise<string> {
    return this.boards.supervisor(boardId).raw(line);
  }

  /** Starts training; paced at the rig's `training.stepsPerSecond` unless the request says otherwise. */
  train(request: TrainingRequest = {}): TrainingStatus {
    const paced = { stepsPerSecond: this.rig.training.stepsPerSecond, ...request };
    const status = this.trainer.start(this.network, this.corpus, paced);
    this.refreshWhileTraining();
    this.emit('training', status);
    this.emit('log', 'info', `training started: ${status.method}`);
    return status;
  }

  async stopTraining(): Promise<TrainingStatus> {
    return this.trainer.stop();
  }

  /**
   * Teach mode: adds an example (a duplicate changes nothing; same inputs with new targets replace
   * the old example). When the network gets it wrong, training resumes until the corpus fits again.
   */
  teach(example: Example): AddResult & { training: boolean } {
    const clean = validateExample(example, this.corpus.inputSize, this.corpus.outputSize, 'example');
    const result = this.corpus.add(clean);
    this.emit('corpus', { outcome: result.outcome, index: result.index, size: this.corpus.size });
    this.emit('log', 'info', `teach: example ${result.index} ${result.outcome} (${clean.inputs.join(',')} → ${clean.targets.join(',')})`);
    const answer = this.runner.run(clean.inputs).outputs;
    let training = false;
    if (!isCorrect(answer, clean.targets, 'threshold') && !this.trainer.running) {
      this.train({ method: 'trial-and-error', targetLoss: this.rig.training.targetLoss, fromRandomGuess: false });
      training = true;
    }
    void this.save();
    return { ...result, training };
  }

  get trainingStatus(): TrainingStatus {
    return this.trainer.status;
  }

  /** Everything `/api/state` shows. */
  state(): ExhibitStateJson {
    const evaluation = evaluateCorpus(this.runner, packCorpus(this.corpus, this.network));
    if (this.lastTrace) this.runner.run(this.lastTrace.inputs); // evaluate reused the runner's buffers
    return {
      rig: { name: this.rig.name, title: this.rig.title, layers: [...this.rig.network.layers] },
      network: networkToJson(this.network),
      trace: this.lastTrace,
      inputs: Array.from(this.inputs),
      boards: this.boards.states(),
      training: this.trainer.status,
      corpus: { size: this.corpus.size, correct: evaluation.correct },
    };
  }

  boardState(board: RigBoard): BoardState {
    return this.boards.state(board);
  }

  /** Saves the network and corpus (coalesced, atomic). Never throws: a failed save is logged and kept in saveStatus. */
  async save(): Promise<void> {
    if (!this.store) return;
    this.lastSaveAt = performance.now();
    try {
      await this.store.save(stateDocument(this.rig.name, this.network, this.corpus));
      this.saveStatus = { lastSavedAt: Date.now(), lastError: null };
    } catch (err) {
      this.saveStatus = { ...this.saveStatus, lastError: (err as Error).message };
      this.emit('log', 'error', (err as Error).message);
    }
  }

  private fits(): boolean {
    if (this.corpus.size === 0) return true;
    const evaluation = evaluateCorpus(this.runner, packCorpus(this.corpus, this.network));
    return evaluation.correct === this.corpus.size && evaluation.loss <= this.rig.training.targetLoss;
  }

  private onButton(board: RigBoard, event: ButtonEvent): void {
    const binding = board.channels.find((c) => c.channel === event.channel);
    if (!binding) return;
    const last = this.rig.network.layers.length - 1;
    if (binding.layer === 0) {
      const latch = this.rig.buttons.mode === 'latch';
      if (latch && !event.pressed) return;
      this.inputs[binding.node] = latch ? (this.inputs[binding.node]! >= 0.5 ? 0 : 1) : event.pressed ? 1 : 0;
      this.runPass(`button ${board.id}:${event.channel}`, true);
    } else if (binding.layer === last && event.pressed) {
      this.teach({ inputs: Array.from(this.inputs), targets: this.taughtTargets(binding.node) });
    }
  }

  /**
   * The teach gesture: pressing an output's button says "this one is the answer". With one output,
   * it flips what the network says now; with several, the pressed output becomes the only one on.
   */
  private taughtTargets(node: number): number[] {
    const outputs = this.runner.run(this.inputs).outputs;
    if (outputs.length === 1) return [outputs[0]! >= this.network.layers[0]!.threshold ? 0 : 1];
    return Array.from(outputs, (_, i) => (i === node ? 1 : 0));
  }

  private runPass(source: string, animate: boolean): TraceSnapshot {
    const trace = snapshotTrace(this.runner.run(this.inputs));
    this.lastTrace = trace;
    this.emit('trace', trace, source);
    const kinds = ['', ...this.network.layers.map((l) => l.activation)];
    const steps = planCascade(trace, this.rig.cascade.gamma, kinds);
    if (animate) this.player.play(steps, this.rig.cascade.stepDelayMs);
    else for (const step of steps) this.show(step, false);
    return trace;
  }

  /** While it learns, the LEDs show the network getting better, a few times a second. */
  private refreshWhileTraining(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setInterval(() => {
      if (!this.trainer.running) {
        clearInterval(this.refreshTimer!);
        this.refreshTimer = null;
        return;
      }
      this.runPass('training', false);
    }, 250);
    this.refreshTimer.unref?.();
  }

  private show(step: CascadeStep, pulse: boolean): void {
    this.emit('cascade', step);
    this.boards.show(step, pulse ? this.rig.cascade.fireMs : 0);
  }
}
