/**
 * The exhibit: ties the network, the rig and the boards together. Buttons (or the API) set the
 * inputs, a forward pass runs, and the cascade lights the boards layer by layer. It trains in slices
 * that never block the event loop, takes new examples in teach mode, and saves the network and the
 * corpus atomically. Every change is an event, so a dashboard can show all of it.
 */
import { EventEmitter } from 'node:events';
import type { AddResult, Corpus, Example } from '../core/corpus.js';
import { NbError } from '../core/errors.js';
import { evaluateCorpus, isCorrect, packCorpus, type Evaluation } from '../core/evaluate.js';
import { createForwardRunner, snapshotTrace, type ForwardRunner, type TraceSnapshot } from '../core/forward.js';
import { networkToJson } from '../core/network-json.js';
import type { Network } from '../core/network.js';
import type { ButtonEvent } from '../transports/board.js';
import type { AtomicJsonStore } from '../hosts/node/atomicJsonStore.js';
import type { DataLock } from '../hosts/node/dataLock.js';
import { ExhibitSaver, type SaveStatus } from './exhibitSaver.js';
import type { SupervisorTiming } from './boardSupervisor.js';
import { RigBoards } from './rigBoards.js';
import { CorpusEdits } from './corpusEdits.js';
import { buttonAction, checkInputValues, pressTarget, taughtTargets } from './exhibitInputs.js';
import { CascadePlayer, planCascade, type CascadeStep } from './cascade.js';
import { startingNetwork, stateDocument, type ExhibitSnapshot } from './exhibitState.js';
import type { RigBoard } from './rig/schema.js';
import type { ResolvedRig } from './rig/validate.js';
import type { VisitorsState } from './idleClock.js';
import { flickerChanged, pacedRequest, TrainingRefresh } from './trainingLeds.js';
import { TrainingRunner, type TrainingRequest, type TrainingStatus, type TryEvent } from './trainingRunner.js';
import { ExhibitStory, type StoryState } from './story/exhibitStory.js';
import type { TeachSource, VisitorLessons } from './visitorLessons.js';
import { VisitorPresence } from './visitorPresence.js';

import type { BoardSource, BoardState, ExhibitEvents, ExhibitOptions, ExhibitStateJson } from './exhibitTypes.js';
export type { BoardChannelState, BoardSource, BoardState, ExhibitEvents, ExhibitOptions, ExhibitStateJson, LogLevel } from './exhibitTypes.js';

export class Exhibit extends EventEmitter<ExhibitEvents> {
  readonly rig: ResolvedRig;
  readonly network: Network;
  readonly corpus: Corpus;
  private readonly source: BoardSource;
  private readonly lock: DataLock | null;
  private readonly runner: ForwardRunner;
  private readonly player: CascadePlayer;
  private readonly trainer = new TrainingRunner();
  private readonly boards: RigBoards;
  private readonly inputs: Float64Array;
  /** The story, played on a copy of the network (story/exhibitStory.ts). */
  readonly story: ExhibitStory;
  private readonly edits: CorpusEdits;
  private lastTrace: TraceSnapshot | null = null;
  private readonly saver: ExhibitSaver;
  private readonly saveEveryMs: number;
  // While it learns, the LEDs show the network getting better, a few times a second.
  private readonly refresh = new TrainingRefresh(() => this.trainer.running, () => this.runPass('training', false));
  private started = false;
  /** Whether anybody is at the exhibit (the attract loop, forgetting visitors' lessons, the page's language). */
  private readonly presence: VisitorPresence;

  constructor(options: ExhibitOptions) {
    super();
    const { rig } = options;
    this.rig = rig;
    this.source = options.source;
    this.lock = options.lock ?? null;
    this.saveEveryMs = options.saveEveryMs ?? 30_000;
    this.network = startingNetwork(rig, options.saved);
    this.corpus = options.saved?.corpus ?? options.corpus;
    this.saver = new ExhibitSaver(options.store ?? null, () => stateDocument(this.rig.name, this.story.savedNetwork() ?? this.network, this.corpus, this.lessons.toJson(this.corpus)), (level, message) =>
      this.emit('log', level, message),
    );
    this.runner = createForwardRunner(this.network);
    this.inputs = new Float64Array(rig.network.layers[0]!);
    this.story = new ExhibitStory(options.story ?? null, { rig, network: this.network, rigCorpus: options.corpus, trainer: this.trainer, inputs: this.inputs, events: this,
      pass: (source) => this.runPass(source, true), startRefresh: () => this.refresh.start(), changed: (state) => this.emit('story', state),
      handedOver: () => (this.runPass('hand-over', true), this.emit('training', this.trainingStatus)),
      log: (level, message) => this.emit('log', level, message) }, options.storyClock);
    this.player = new CascadePlayer((step) => this.show(step, true));
    this.boards = new RigBoards(rig, this.source, options.supervisorTiming);
    this.boards.on('board', (board) => this.emit('board', board));
    this.boards.on('log', (level, message) => this.emit('log', level, message));
    this.boards.on('button', (board, event) => this.onButton(board, event));

    this.edits = new CorpusEdits(rig, options.corpus, this.corpus, this.network, this.trainer, {
      isRight: (e) => isCorrect(this.runner.run(e.inputs).outputs, e.targets, 'threshold'),
      correctCount: () => this.evaluate().correct,
      retrain: () => this.train({ method: 'trial-and-error', targetLoss: this.rig.training.targetLoss, fromRandomGuess: false }),
      changed: (change, message) => (this.emit('corpus', change), this.emit('log', 'info', message)),
      networkRestored: () => this.runPass('forgotten', false),
      lentNetwork: () => this.story.savedNetwork(), // the story plays on the network: restore what its hand-over puts back
    }, options.saved?.lessons);
    this.presence = new VisitorPresence(rig, this, (why) => void this.forgetVisitors(why).catch(() => undefined));
    this.trainer.on('progress', (status) => (this.emit('training', status), this.saver.saveIfOlderThan(this.saveEveryMs)));
    this.trainer.on('try', (event) => (this.emit('try', event), flickerChanged(this.boards, this.network, event.changed)));
    this.trainer.on('done', (status) => {
      this.emit('training', this.trainingStatus);
      const whose = status.of === 'story' ? "the story's " : '';
      this.emit('log', 'info', `${whose}training ${status.method} ended (${status.reason}) at loss ${status.loss?.toFixed(5) ?? '?'}`);
      this.runPass('training', false);
      void this.save();
    });
  }

  /** Starts supervising the boards and shows the first pass; trains when the corpus does not fit yet. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.boards.start();
    this.story.start();
    this.presence.start();
    this.runPass('start', true);
    if (this.rig.training.trainOnStart && !this.fits()) {
      // The boot-time fit runs at full speed; visitors watch the paced runs they start.
      this.train({ method: this.rig.training.method, targetLoss: this.rig.training.targetLoss, fromRandomGuess: false, stepsPerSecond: 0 });
    }
  }

  /**
   * Stops training, leaves the boards showing their idle animation, saves (and says where: the
   * operator who pressed Ctrl-C wants to know), closes everything and lets go of the data folder.
   */
  async stop(): Promise<void> {
    this.presence.stop();
    this.refresh.cancel();
    this.story.stop(); // what is saved is the network from before the story
    this.player.cancel();
    await this.trainer.stop();
    await this.boards.idle();
    await this.saver.final(`the network and ${this.corpus.size} examples`);
    await this.boards.stop();
    await this.source.close();
    await this.lock?.release();
    this.started = false;
  }

  /** Sets every input and runs a pass (the API's way in). Returns the trace. */
  setInputs(values: readonly number[]): TraceSnapshot {
    checkInputValues(values, this.inputs.length, this.rig.name);
    this.inputs.set(values);
    return this.runPass('api', true);
  }

  /**
   * Presses (true) or releases a simulated board's button, as a visitor would. The board holds each
   * press and release long enough for its debounce (src/sim/heldContact.ts), so a release sent right
   * after the press still counts. Hardware boards refuse with 409.
   *
   * A press counts only when the board can report it: one that is starting, resetting or offline
   * refuses it (NB_ERR_BOARD_NOT_READY, 503, saying when to try again) and nothing is pressed, so no
   * press is made that would be lost, or play out late and make the next one look lost. A release is
   * still made (no button is left held down for the board's next start) and refused the same way.
   */
  press(boardId: string, channel: number | undefined, pressed: boolean): void {
    const { board, channel: ch } = pressTarget(this.rig, boardId, channel);
    const refusal = this.boards.pressRefusal(board);
    if (refusal && pressed && this.source.kind !== 'hardware') throw refusal;
    if (!this.source.press(boardId, ch, pressed)) {
      throw new NbError('NB_ERR_CONFLICT', `board ${boardId} is real hardware: its button can only be pressed by hand`);
    }
    if (refusal) throw refusal;
    this.presence.touch('press');
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

  /**
   * Starts training; paced at the rig's `training.stepsPerSecond` unless the request says otherwise.
   * A run to be watched (`watch`, or from a random guess) is never at full speed unless asked.
   */
  train(request: TrainingRequest = {}): TrainingStatus {
    const status = this.trainer.start(this.network, this.corpus, pacedRequest(this.rig.training, request));
    this.refresh.start();
    this.emit('training', status);
    this.emit('log', 'info', `training started: ${status.method}`);
    return status;
  }

  /** Changes the pace of the run going now (tries a second; 0 = full speed). */
  setPace(stepsPerSecond: number): TrainingStatus {
    const status = this.trainer.setPace(stepsPerSecond);
    this.emit('training', status);
    return status;
  }

  /** One try of trial and error (the console's single step): its event, then the LEDs show the result. */
  step(): TryEvent {
    const event = this.trainer.stepOnce(this.network, this.corpus);
    this.runPass('training', false);
    void this.save();
    return event;
  }

  async stopTraining(): Promise<TrainingStatus> { return this.trainer.stop(); }
  /** "Start again from a random guess" (a visitor's button): ends a run going (and the story), then learns with the rig's method from a fresh guess, at a pace people can watch. */
  async restartFromRandomGuess(): Promise<TrainingStatus> {
    await this.takeBack();
    await this.trainer.stop();
    return this.train({ method: this.rig.training.method, fromRandomGuess: true, watch: true });
  }

  /**
   * Staff act (train, step, set inputs): a story playing hands over first, so they act on the
   * exhibit's own network, not the story's copy. Resolves once the story's run has ended (a hand-over
   * ends it at once; the wait covers a stop asked for in the middle of a slice).
   */
  async takeBack(): Promise<void> {
    this.story.handOver();
    if (this.trainer.running && this.trainer.status.of === 'story') await this.trainer.stop();
  }

  /** Staff stop the story (POST /api/story/stop): the hand-over, resolved once the story's run has ended. */
  async stopStory(): Promise<StoryState> {
    await this.takeBack();
    return this.story.state();
  }

  /** Teach mode: adds an example (see CorpusEdits.teach), a visitor's unless `source` says staff. `training` says whether it is learning now. */
  teach(example: Example, source: TeachSource = 'visitor'): AddResult & { training: boolean; dropped?: Example } {
    this.presence.touch('teach');
    const result = this.edits.teach(example, source);
    void this.save();
    return result;
  }

  /** Removes the example at `index` (404 when there is none); resolves once the change is saved (507 if it cannot be). */
  async removeExample(index: number): Promise<{ removed: Example; size: number; training: boolean }> { return this.afterSave(this.edits.remove(index)); }

  /** Puts the rig's own corpus back (the trained network stays); resolves once the change is saved (507 if it cannot be). */
  async resetCorpus(): Promise<{ size: number; training: boolean }> { return this.afterSave(this.edits.reset(this.rig.name)); }

  /** Staff keep a visitor's example (404 bad index, 409 not a visitor's); resolves once saved. */
  async keepExample(index: number): Promise<{ index: number; source: 'staff'; size: number }> { return this.afterSave(this.edits.keep(index)); }
  /** Forgets what visitors taught and puts the network back (CorpusEdits.forget); resolves once saved. */
  async forgetVisitors(why = 'staff asked'): Promise<{ forgotten: number; size: number; training: boolean }> { return this.afterSave(await this.edits.forget(why)); }
  /** Who taught what (GET /api/corpus shows each example's source). */
  get lessons(): VisitorLessons { return this.edits.lessons; }

  /** Cascade steps still to be shown (0 once the LEDs show the last pass). */
  get cascadePending(): number { return this.player.scheduled; }
  /**
   * The training status people see: the run going now (whoever's), the story's runs while it plays,
   * and otherwise the exhibit's own last run (the story's ran on a copy its hand-over threw away).
   */
  get trainingStatus(): TrainingStatus {
    return this.trainer.running || this.story.playing ? this.trainer.status : this.trainer.statusOf('exhibit');
  }

  /** Everything `/api/state` shows. */
  state(): ExhibitStateJson {
    const evaluation = this.evaluate();
    return {
      rig: { name: this.rig.name, title: this.rig.title, layers: [...this.rig.network.layers], language: this.rig.language ?? 'en' },
      labels: this.boards.labels.map((layer) => [...layer]),
      network: networkToJson(this.network),
      trace: this.lastTrace,
      inputs: Array.from(this.inputs),
      boards: this.boards.states(),
      training: this.trainingStatus,
      corpus: { size: this.corpus.size, correct: evaluation.correct },
      visitors: this.presence.state,
      story: this.story.state(),
    };
  }

  boardState(board: RigBoard): BoardState { return this.boards.state(board); }

  /** Saves the network and corpus (coalesced, atomic). Never throws: a failed save is logged and kept in saveStatus. */
  save(): Promise<void> { return this.saver.save(); }

  /** Resolves once every change so far is on disk; NB_ERR_SAVE_FAILED (507) if not. Routes await it before a 2xx. */
  saved(): Promise<void> { return this.saver.saved(); }
  get saveStatus(): SaveStatus { return this.saver.status; }
  /** `result` once the change that gave it is on disk (507 if it cannot be). */
  private async afterSave<T>(result: T): Promise<T> { await this.saved(); return result; }

  /** How the network does on the corpus; the runner is left showing the last trace again. */
  private evaluate(): Evaluation {
    const evaluation = evaluateCorpus(this.runner, packCorpus(this.corpus, this.network));
    if (this.lastTrace) this.runner.run(this.lastTrace.inputs); // evaluate reused the runner's buffers
    return evaluation;
  }

  private fits(): boolean {
    if (this.corpus.size === 0) return true;
    const evaluation = this.evaluate();
    return evaluation.correct === this.corpus.size && evaluation.loss <= this.rig.training.targetLoss;
  }

  /** Is anybody at the exhibit (see idleClock.ts). */
  get visitors(): VisitorsState { return this.presence.state; }

  private onButton(board: RigBoard, event: ButtonEvent): void {
    this.presence.touch('button');
    const action = buttonAction(this.rig, board, event, this.inputs);
    if (action?.kind === 'input') {
      this.inputs[action.node] = action.level;
      this.runPass(`button ${board.id}:${event.channel}`, true);
    } else if (action?.kind === 'teach') {
      const example = { inputs: Array.from(this.inputs), targets: taughtTargets(this.runner.run(this.inputs).outputs, this.network.layers[0]!.threshold, action.node) };
      try {
        this.teach(example);
      } catch (err) {
        // A refusal (a full corpus) is staff's to see, not a visitor's: a throw here would end the process.
        this.emit('log', 'warn', `board ${board.id}'s answer button: not taught: ${(err as Error).message}`);
      }
    }
  }

  private runPass(source: string, animate: boolean): TraceSnapshot {
    // A "no-hidden" act of the story shows its stand-in, in the rig's shape.
    const story = this.story.trace(this.inputs);
    const trace = story ?? snapshotTrace(this.runner.run(this.inputs));
    this.lastTrace = trace;
    this.emit('trace', trace, story ? 'story' : source);
    const kinds = ['', ...this.network.layers.map((l) => l.activation)];
    const steps = planCascade(trace, this.rig.cascade.gamma, kinds);
    if (animate) this.player.play(steps, this.rig.cascade.stepDelayMs);
    else {
      // A cascade still playing shows an older network: its late steps would overwrite these levels
      // (after a start that trains, the hidden LEDs kept the first guess until the next press).
      this.player.cancel();
      for (const step of steps) this.show(step, false);
    }
    return trace;
  }

  private show(step: CascadeStep, pulse: boolean): void {
    this.emit('cascade', step);
    this.boards.show(step, pulse ? this.rig.cascade.fireMs : 0);
  }
}
