/**
 * The exhibit: ties the network, the rig and the boards together, and is the one place every change
 * to it goes through. Buttons (or a caller) set the inputs, a forward pass runs, and the cascade
 * lights the boards layer by layer. It trains in slices that never block the event loop, takes new
 * examples in teach mode, and saves the network and the corpus through the host's store.
 *
 * Every method that changes the exhibit does the whole change, whoever calls it (the HTTP routes,
 * the CLI, a scenario): where staff act, the story hands the exhibit back first; then the change;
 * then, for what is kept, the save; and it resolves only when that save is durable. It calls its
 * parts and gets answers back; its events are for whoever watches (a dashboard, a test), never for
 * itself.
 */
import { EventEmitter } from 'eventemitter3';
import type { AddResult, Corpus, Example } from '../core/corpus.js';
import { NbError } from '../core/errors.js';
import { evaluateCorpus, isCorrect, packCorpus, type CorrectnessRule, type Evaluation } from '../core/evaluate.js';
import type { SpikingParams } from '../core/spiking.js';
import { createForwardRunner, snapshotTrace, type ForwardRunner, type TraceSnapshot } from '../core/forward.js';
import { networkToJson, type NetworkJson } from '../core/networkJson.js';
import type { Network } from '../core/network.js';
import type { DataLock, ExhibitStore } from '../platform/exhibitStore.js';
import type { Scheduler } from '../platform/scheduler.js';
import type { ButtonEvent } from '../transports/board.js';
import type { LogLevel, SupervisorTiming } from './boardSupervisor.js';
import { emulatedBoardsOf, type BoardSource, type EmulatedBoards } from './boardSource.js';
import { CascadePlayer, planCascade, type CascadeStep } from './cascade.js';
import { CorpusEdits, type CorpusChange, type CorpusNews } from './corpusEdits.js';
import { buttonAction, checkInputValues, pressTarget, taughtTargets } from './exhibitInputs.js';
import { ExhibitSaver, type SaveStatus } from './exhibitSaver.js';
import { startingNetwork, stateDocument, type ExhibitSnapshot } from './exhibitState.js';
import type { VisitorsState } from './idleClock.js';
import type { RigBoard } from './rig/schema.js';
import type { NeuronModel, ResolvedRig } from './rig/validate.js';
import { LogHistory, type LogLine } from './logHistory.js';
import { RigBoards, type BoardState } from './rigBoards.js';
import { rigLanguage, rigWordsByLanguage, type RigWords } from './rig/words.js';
import { agreementLine, SpikingMode, type SpikeReport, type SpikingClock, type SpikingState, type AgreementSummary } from './spikingMode.js';
import { AttractLoop } from './story/attract.js';
import { ExhibitStory, type StoryState } from './story/exhibitStory.js';
import type { LoadedStory } from './story/load.js';
import { storyClock, type StoryClock } from './story/player.js';
import { flickerChanged, TrainingRefresh } from './trainingLeds.js';
import { requestForRig, type TrainingRequest } from './trainingRequest.js';
import { TrainingRunner, type TrainingStatus, type TryEvent } from './trainingRunner.js';
import type { TeachSource, VisitorLessons } from './visitorLessons.js';
import { VisitorPresence, type ActivitySource } from './visitorPresence.js';

export type { BoardSource, EmulatedBoards } from './boardSource.js';
export type { BoardChannelState, BoardState } from './rigBoards.js';
export type { LogLevel } from './boardSupervisor.js';
export type { SpikeReport, SpikingState, AgreementSummary } from './spikingMode.js';

/** The neuron model as the switch reports it: which one runs, and (spiking) how far it agrees. */
export interface NeuronsSummary {
  model: NeuronModel;
  /** The last agreement check (null before the first: the exhibit has only ever run the network). */
  agreement: AgreementSummary | null;
}

/** What an exhibit is built from (src/hosts/node/openExhibit.ts builds it from a rig file on Node). */
export interface ExhibitOptions {
  rig: ResolvedRig;
  /** Where the boards come from; an emulated source also lets callers press its buttons (`emulated`). */
  source: BoardSource;
  /** The host's timers and clock. */
  scheduler: Scheduler;
  /** A saved network and corpus to start from; otherwise a fresh seeded guess and the rig's corpus. */
  saved?: ExhibitSnapshot | null;
  corpus: Corpus;
  /** Where it saves; null keeps nothing. */
  store?: ExhibitStore<ExhibitSnapshot> | null;
  /** Its hold on the store, let go when it stops. */
  lock?: DataLock | null;
  supervisorTiming?: Partial<SupervisorTiming>;
  /** Save at most this often while training runs (ms). */
  saveEveryMs?: number;
  /** The story it plays by itself (the rig's `story`), and the story's timers (scenarios dilate them; default the scheduler's). */
  story?: LoadedStory | null;
  storyClock?: StoryClock;
  /** The spiking neurons' clock (scenarios dilate it, as the story's); default the scheduler. */
  spikingClock?: SpikingClock;
}

/** Everything `/api/state` shows. */
export interface ExhibitStateJson {
  rig: {
    name: string;
    /** In the rig's default language (`language`). */
    title: string;
    layers: number[];
    language: string;
    /** The rig's words (title, board names, node labels) in each language it is written in; a page picks its visitor's, else `language`'s. */
    words: Record<string, RigWords>;
    /** How its neurons spike (docs/spiking.md): how answers are read and the model's parameters. */
    neurons: { rule: CorrectnessRule; params: SpikingParams };
  };
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
  /** The story it plays by itself (docs/stories.md; name null when the rig has none). */
  story: StoryState;
  /** The last log lines, oldest first (bounded: logHistory.ts), start-up included. */
  log: LogLine[];
  /** In spiking mode: the agreement, every neuron's potential and its spikes in the last window (absent in the sigmoid model). */
  neurons?: SpikingState;
}

export interface ExhibitEvents {
  trace: [trace: TraceSnapshot, source: string];
  cascade: [step: CascadeStep];
  board: [board: BoardState];
  training: [status: TrainingStatus];
  /** One try of trial and error at a watchable pace (or a single step). */
  try: [event: TryEvent];
  corpus: [change: CorpusChange];
  log: [level: LogLevel, message: string];
  /** Idle flipped: nobody pressed anything for the rig's idleMs, or somebody just did. */
  visitors: [state: VisitorsState];
  /** A visitor did something (a board button reported, a visitor's teach), once per action, after the hand-over. */
  activity: [source: ActivitySource];
  /** The story's whole state, on every change (an act or scene begins, a learn epoch, a hand-over). */
  story: [state: StoryState];
  /** The model switched, or its agreement was checked again (after a training, a corpus change). */
  neurons: [summary: NeuronsSummary];
  /** In spiking mode, a few times a second: the spikes since the last one and the potentials now. */
  spike: [report: SpikeReport];
}

/** What a teach answers. */
export type TeachResult = AddResult & { size: number; training: boolean; dropped?: Example };

export class Exhibit extends EventEmitter<ExhibitEvents> {
  readonly rig: ResolvedRig;
  /** The network the boards show: the exhibit's own, or the story's copy while it plays (see `ownNetwork`). */
  readonly network: Network;
  readonly corpus: Corpus;
  /** The story, played on a copy of the network (story/exhibitStory.ts). */
  readonly story: ExhibitStory;
  /** The test bench's hands on the boards (press a button, read a pin), when they are emulated; null for hardware. */
  readonly emulated: EmulatedBoards | null;
  private readonly source: BoardSource;
  private readonly lock: DataLock | null;
  private readonly runner: ForwardRunner;
  private readonly player: CascadePlayer;
  private readonly trainer: TrainingRunner;
  private readonly boards: RigBoards;
  private readonly inputs: Float64Array;
  private readonly edits: CorpusEdits;
  private readonly saver: ExhibitSaver;
  private readonly saveEveryMs: number;
  /** While it learns, the LEDs show the network getting better, a few times a second. */
  private readonly refresh: TrainingRefresh;
  /** Whether anybody is at the exhibit (the attract loop, forgetting visitors' lessons, the page's language). */
  private readonly presence: VisitorPresence;
  /** Plays the story while nobody is there (rig visitors.attract); null when the rig has no story. */
  private readonly attract: AttractLoop | null;
  private lastTrace: TraceSnapshot | null = null;
  private started = false;
  /** The last log lines, for a page that opens after they were said. */
  private readonly logHistory = new LogHistory();
  /** The rig's words in each language it is written in (the rig never changes while it runs). */
  private readonly words: Record<string, RigWords>;
  /** The spiking neurons (spikingMode.ts): running on the boards in the spiking model, idle otherwise. */
  private readonly spiking: SpikingMode;
  private model: NeuronModel;

  constructor(options: ExhibitOptions) {
    super();
    const { rig, scheduler } = options;
    this.rig = rig;
    this.words = rigWordsByLanguage(rig);
    this.source = options.source;
    this.emulated = emulatedBoardsOf(options.source);
    this.lock = options.lock ?? null;
    this.saveEveryMs = options.saveEveryMs ?? 30_000;
    this.network = startingNetwork(rig, options.saved);
    this.corpus = options.saved?.corpus ?? options.corpus;
    this.trainer = new TrainingRunner(scheduler);
    this.refresh = new TrainingRefresh(scheduler, () => this.trainer.running, () => this.runPass('training', false));
    this.saver = new ExhibitSaver(options.store ?? null, scheduler, () => stateDocument(this.rig.name, this.ownNetwork, this.corpus, this.lessons.toJson(this.corpus), this.model), (level, message) =>
      this.log(level, message),
    );
    this.runner = createForwardRunner(this.network);
    this.inputs = new Float64Array(rig.network.layers[0]!);
    this.player = new CascadePlayer((step) => this.show(step, true), scheduler);
    this.edits = new CorpusEdits(rig, options.corpus, this.corpus, options.saved?.lessons);

    const clock = options.storyClock ?? storyClock(scheduler);
    this.story = new ExhibitStory(options.story ?? null, { rig, network: this.network, rigCorpus: options.corpus, trainer: this.trainer, inputs: this.inputs }, clock);
    this.attract = this.story.exists ? new AttractLoop(this, this.story, rig.visitors.idleMs, clock, rig.visitors.attract) : null;
    this.story.on('story', (state) => this.emit('story', state));
    this.story.on('log', (level, message) => this.log(level, message));
    this.story.on('show', () => this.runPass('story', true));
    this.story.on('handedOver', () => {
      this.runPass('hand-over', true);
      this.emit('training', this.trainingStatus);
      this.attract?.handedOver();
    });

    this.boards = new RigBoards(rig, this.source, this.emulated, scheduler, options.supervisorTiming);
    this.boards.on('board', (board) => this.emit('board', board));
    this.boards.on('log', (level, message) => this.log(level, message));
    this.boards.on('button', (board, event) => this.onButton(board, event));

    this.model = options.saved?.neuronModel ?? rig.neurons.model;
    this.spiking = new SpikingMode(this.network, rig, this.boards, options.spikingClock ?? scheduler);
    this.spiking.on('spike', (report) => this.emit('spike', report));

    this.presence = new VisitorPresence(rig, scheduler);
    this.presence.on('visitors', (visitors) => {
      this.emit('visitors', visitors);
      this.attract?.idleChanged(visitors);
    });
    // Nobody is there to answer a timer: a failed forget is logged by the save (and here).
    this.presence.on('forget', (why) => void this.forgetLessons(why).catch((err: Error) => this.log('error', `forgetting visitors' lessons failed: ${err.message}`)));

    this.trainer.on('progress', (status) => {
      this.refresh.start();
      this.emit('training', status);
      this.saver.saveIfOlderThan(this.saveEveryMs);
    });
    // In spiking mode the boards' budget is the spikes': no flicker on top.
    this.trainer.on('try', (event) => (this.emit('try', event), this.model === 'sigmoid' && flickerChanged(this.boards, this.network, event.changed)));
    this.trainer.on('done', (status) => {
      this.emit('training', this.trainingStatus);
      const whose = status.of === 'story' ? "the story's " : '';
      this.log('info', `${whose}training ${status.method} ended (${status.reason}) at loss ${status.loss?.toFixed(5) ?? '?'}`);
      this.runPass('training', false);
      if (this.model === 'spiking') this.checkAgreement('after training');
      void this.save();
      this.attract?.trainingEnded();
    });
  }

  /**
   * The exhibit's own network: what it saves, what visitors' lessons change and what staff act on.
   * While the story plays it is the copy from before the story (the boards show the story's); the
   * hand-over puts it back on the boards.
   */
  get ownNetwork(): Network {
    return this.story.lentFrom ?? this.network;
  }

  /** Starts supervising the boards and shows the first pass; trains when the corpus does not fit yet. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.boards.start();
    this.attract?.start();
    this.presence.start();
    if (this.model === 'spiking' && this.network.layers.some((l) => l.activation !== 'sigmoid')) {
      this.log('error', `the saved choice is spiking neurons, but this network is not sigmoid: it shows the network instead`);
      this.model = 'sigmoid';
    }
    if (this.model === 'spiking') this.startSpiking('on start');
    this.runPass('start', true);
    if (this.rig.training.trainOnStart && !this.fits()) {
      // The boot-time fit runs at full speed; visitors watch the paced runs they start.
      this.startTraining({ method: this.rig.training.method, targetLoss: this.rig.training.targetLoss, fromRandomGuess: false, pace: 0 });
    }
  }

  /**
   * Stops training, leaves the boards showing their idle animation, saves (and says where: the
   * operator who pressed Ctrl-C wants to know), closes everything and lets go of the store.
   */
  async stop(): Promise<void> {
    this.presence.stop();
    this.spiking.stop();
    this.refresh.cancel();
    this.attract?.stop();
    this.story.handOver(); // what is saved is the network from before the story
    this.player.cancel();
    await this.trainer.stop();
    await this.boards.idle();
    await this.saver.final(`the network and ${this.corpus.size} examples`);
    await this.boards.stop();
    await this.source.close();
    await this.lock?.release();
    this.started = false;
  }

  /** Sets every input and runs a pass (staff, a scenario): the story hands over first. Resolves with the trace. */
  setInputs(values: readonly number[]): Promise<TraceSnapshot> {
    checkInputValues(values, this.inputs.length, this.rig.name);
    return this.asStaff(() => {
      this.inputs.set(values);
      return this.runPass('api', true);
    });
  }

  /**
   * Presses (true) or releases an emulated board's button, as a visitor would. The board holds each
   * press and release long enough for its debounce (src/sim/heldContact.ts), so a release sent right
   * after the press still counts; the press counts as a visitor's action when the board reports it,
   * as a real button does. Hardware boards refuse (NB_ERR_CONFLICT, 409): nobody can press them from here.
   *
   * A press counts only when the board can report it: one that is starting, resetting or offline
   * refuses it (NB_ERR_BOARD_NOT_READY, 503, saying when to try again) and nothing is pressed, so no
   * press is made that would be lost, or play out late and make the next one look lost. A release is
   * still made (no button is left held down for the board's next start) and refused the same way.
   */
  press(boardId: string, channel: number | undefined, pressed: boolean): { board: string; channel: number } {
    const { board, channel: ch } = pressTarget(this.rig, boardId, channel);
    if (!this.emulated) throw new NbError('NB_ERR_CONFLICT', `board ${boardId} is real hardware: its button can only be pressed by hand`);
    const refusal = this.boards.pressRefusal(board);
    if (refusal && pressed) throw refusal;
    this.emulated.press(boardId, ch, pressed);
    if (refusal) throw refusal;
    return { board: boardId, channel: ch };
  }

  /** One press and release of an emulated board's button (a keyboard press, a tap). */
  click(boardId: string, channel?: number): { board: string; channel: number } {
    this.press(boardId, channel, true);
    return this.press(boardId, channel, false);
  }

  /** Sends a raw protocol line to a rig board and resolves with its reply line (diagnostics, scenarios). */
  rawCommand(boardId: string, line: string): Promise<string> {
    return this.boards.supervisor(boardId).raw(line);
  }

  /**
   * Staff start training: the story hands over first. Paced at the rig's `training.pace` unless the
   * request says otherwise; a run to be watched (`watch`, or from a random guess) is never at full
   * speed unless asked.
   */
  train(request: TrainingRequest = {}): Promise<TrainingStatus> {
    return this.asStaff(() => this.startTraining(request));
  }

  /**
   * Staff switch what the boards show: the network ('sigmoid') or the same network as spiking
   * neurons ('spiking'). Before the spiking neurons go on, the agreement check runs (its report is
   * in the answer; below N of N it names the examples that differ, and the mode goes on saying so).
   * The story hands over first; resolves once the choice is saved (it survives a restart).
   */
  setNeuronModel(model: unknown): Promise<NeuronsSummary> {
    if (model !== 'sigmoid' && model !== 'spiking') {
      throw new NbError('NB_ERR_INVALID_ARGUMENT', `unknown neuron model ${JSON.stringify(model)}: send {"model": "spiking"} for spiking neurons or {"model": "sigmoid"} for the network`, {
        field: 'model',
      });
    }
    const kinds = this.network.layers.map((l) => l.activation);
    if (model === 'spiking' && kinds.some((k) => k !== 'sigmoid')) {
      throw new NbError(
        'NB_ERR_CONFLICT',
        `spiking neurons stand in for sigmoid neurons, and this network's layers are ${kinds.join(', ')}: give the rig "activation": "sigmoid" to show it spiking`,
      );
    }
    return this.asStaff(async () => {
      if (model !== this.model) {
        this.model = model;
        if (model === 'spiking') this.startSpiking('staff switched');
        else {
          this.spiking.stop();
          this.log('info', 'neurons: back to the network (sigmoid)');
          this.runPass('neurons', false);
        }
        this.emit('neurons', this.neurons);
        void this.save();
      }
      await this.saver.saved();
      return this.neurons;
    });
  }

  /** Which model runs and how far the spiking neurons agree with the network. */
  get neurons(): NeuronsSummary {
    return { model: this.model, agreement: this.spiking.agreement };
  }

  /**
   * In spiking mode, what scenarios judge: the answer the spikes give now, the neurons' clock, how
   * long the answer must hold to count as settled, and each node's recent spike count; null in the
   * sigmoid model.
   */
  get spikingNow(): { answer: number[]; timeMs: number; settleQuietMs: number; spikesWithin(layer: number, node: number, ms: number): number } | null {
    if (this.model !== 'spiking') return null;
    const s = this.spiking;
    return { answer: s.answer(), timeMs: s.timeMs, settleQuietMs: s.settleQuietMs, spikesWithin: (l, n, ms) => s.spikesWithin(l, n, ms) };
  }

  /** The spiking mode's LED commands and dropped spikes so far (the bench prints them). */
  get spikingLedCounts(): SpikingMode['ledCounts'] {
    return this.spiking.ledCounts;
  }

  /** Changes the pace of the run going now, whoever's (tries a second; 0 = full speed). */
  setPace(pace: number): TrainingStatus {
    const status = this.trainer.setPace(pace);
    this.emit('training', status);
    return status;
  }

  /** One try of trial and error (the console's single step): the story hands over, the LEDs show the result, and it resolves once saved. */
  step(): Promise<TryEvent> {
    return this.asStaff(async () => {
      const event = this.trainer.stepOnce(this.network, this.corpus);
      this.runPass('training', false);
      await this.saver.saved();
      return event;
    });
  }

  /** Stops the run going now (whoever's) and resolves once the network it leaves is saved. */
  async stopTraining(): Promise<TrainingStatus> {
    const status = await this.trainer.stop();
    await this.saver.saved();
    return status;
  }

  /** "Start again from a random guess" (a visitor's button): ends a run going (and the story), then learns with the rig's method from a fresh guess, at a pace people can watch. */
  restartFromRandomGuess(): Promise<TrainingStatus> {
    return this.asStaff(async () => {
      await this.trainer.stop();
      return this.startTraining({ method: this.rig.training.method, fromRandomGuess: true, watch: true });
    });
  }

  /** Staff play the story from act 1 now (again, if it plays); 409 when the rig has none. */
  playStory(): StoryState {
    return this.story.play();
  }

  /** Staff stop the story: the hand-over, resolved once the story's run has ended. */
  stopStory(): Promise<StoryState> {
    return this.asStaff(() => this.story.state());
  }

  /**
   * Teach mode: adds an example, a visitor's unless `source` says staff (see CorpusEdits.teach for
   * duplicates, replacements and a full corpus). A visitor's teach is their action (the story hands
   * over, the idle clock starts again); staff's hands over too. A running training takes the example
   * up; otherwise, when the network gets it wrong, it learns it with the rig's method. Resolves once
   * the change is saved (NB_ERR_SAVE_FAILED, 507, when it cannot be); `training` says whether it is
   * learning now.
   */
  teach(example: Example, source: TeachSource = 'visitor'): Promise<TeachResult> {
    const change = async (): Promise<TeachResult> => {
      const result = this.applyTeach(example, source);
      await this.saver.saved();
      return result;
    };
    if (source === 'staff') return this.asStaff(change);
    this.visitorActed('teach');
    return change();
  }

  /** Removes the example at `index` (404 when there is none); resolves once the change is saved (507 if it cannot be). */
  removeExample(index: number): Promise<{ removed: Example; size: number; training: boolean }> {
    return this.asStaff(async () => {
      const { removed, size, news } = this.edits.remove(index);
      this.tell(news);
      const training = this.afterEdit();
      await this.saver.saved();
      return { removed, size, training };
    });
  }

  /** Puts the rig's own corpus back (the trained network stays); resolves once the change is saved (507 if it cannot be). */
  resetCorpus(): Promise<{ size: number; training: boolean }> {
    return this.asStaff(async () => {
      const { size, news } = this.edits.reset();
      this.tell(news);
      const training = this.afterEdit();
      await this.saver.saved();
      return { size, training };
    });
  }

  /** Staff keep a visitor's example (404 bad index, 409 not a visitor's); resolves once saved. */
  async keepExample(index: number): Promise<{ index: number; source: 'staff'; size: number }> {
    const { news, ...kept } = this.edits.keep(index);
    this.tell(news);
    await this.saver.saved();
    return kept;
  }

  /** Staff forget what visitors taught and put the network back (the story hands over first); resolves once saved. */
  forgetVisitors(): Promise<{ forgotten: number; size: number; training: boolean }> {
    return this.asStaff(() => this.forgetLessons('staff asked'));
  }

  /** Who taught what (each example's source). */
  get lessons(): VisitorLessons {
    return this.edits.lessons;
  }

  /** Cascade steps still to be shown (0 once the LEDs show the last pass). */
  get cascadePending(): number {
    return this.player.scheduled;
  }

  /**
   * The training status people see: the run going now (whoever's), the story's runs while it plays,
   * and otherwise the exhibit's own last run (the story's ran on a copy its hand-over threw away).
   */
  get trainingStatus(): TrainingStatus {
    return this.trainer.running || this.story.playing ? this.trainer.status : this.trainer.statusOf('exhibit');
  }

  /** Is anybody at the exhibit (see idleClock.ts). */
  get visitors(): VisitorsState {
    return this.presence.state;
  }

  /** Everything `/api/state` shows. */
  state(): ExhibitStateJson {
    const evaluation = this.evaluate();
    return {
      rig: {
        name: this.rig.name,
        title: this.words[rigLanguage(this.rig)]!.title,
        layers: [...this.rig.network.layers],
        language: rigLanguage(this.rig),
        words: structuredClone(this.words),
        // How its neurons spike, so a page can show them spiking while the boards show the network.
        neurons: { rule: this.rig.neurons.rule, params: { ...this.rig.neurons.params } },
      },
      labels: this.boards.labels.map((layer) => [...layer]),
      network: networkToJson(this.network),
      trace: this.lastTrace,
      inputs: Array.from(this.inputs),
      boards: this.boards.states(),
      training: this.trainingStatus,
      corpus: { size: this.corpus.size, correct: evaluation.correct },
      visitors: this.presence.state,
      story: this.story.state(),
      log: this.logHistory.entries(),
      ...(this.model === 'spiking' ? { neurons: this.spiking.state() } : {}),
    };
  }

  /** Logs a line (the exhibit's parts, or its host): kept in the history (`state().log`), and told to whoever watches (`log`). */
  log(level: LogLevel, message: string): void {
    this.logHistory.add({ level, message, at: Date.now() });
    this.emit('log', level, message);
  }

  boardState(board: RigBoard): BoardState {
    return this.boards.state(board);
  }

  /** Saves the network and corpus (coalesced, atomic). Never throws: a failed save is logged and kept in saveStatus. */
  save(): Promise<void> {
    return this.saver.save();
  }

  /** Resolves once every change so far is durable; NB_ERR_SAVE_FAILED (507) if not. */
  saved(): Promise<void> {
    return this.saver.saved();
  }

  get saveStatus(): SaveStatus {
    return this.saver.status;
  }

  /**
   * The story hands the exhibit back (staff act on the exhibit's own network, not the story's copy).
   * The hand-over ends the story's run at once; only a stop asked for in the middle of one of its
   * slices leaves something to wait for, and then the promise to wait on is returned (else null, so
   * the change that follows is made in the same turn).
   */
  private takeBack(): Promise<unknown> | null {
    this.story.handOver();
    this.attract?.handedOver();
    if (!(this.trainer.running && this.trainer.status.of === 'story')) return null;
    const stopped = this.trainer.stop();
    return this.trainer.running ? stopped : null;
  }

  /**
   * What staff do, after the story has handed the exhibit back: in the same turn when nothing is left
   * to wait for (so the change is made by the time the call returns), else once the story's run has
   * ended. Resolves with the change's answer.
   */
  private async asStaff<T>(change: () => T | Promise<T>): Promise<T> {
    const handing = this.takeBack();
    if (handing) await handing;
    return change();
  }

  /** A visitor did something: counted once, and the story hands over before it takes effect. */
  private visitorActed(source: ActivitySource): void {
    this.presence.touch();
    this.story.handOver();
    this.attract?.visitorCame();
    this.emit('activity', source);
  }

  /** Starts a run with the rig's settings filled in, and says so. */
  private startTraining(request: TrainingRequest): TrainingStatus {
    const status = this.trainer.start(this.network, this.corpus, requestForRig(this.rig.training, request));
    this.refresh.start();
    this.emit('training', status);
    this.log('info', `training started: ${status.method}`);
    return status;
  }

  /** Teach-mode learning: the rig's method, from the network as it is, to the rig's target. */
  private relearn(): void {
    this.startTraining({ method: this.rig.training.method, targetLoss: this.rig.training.targetLoss, fromRandomGuess: false });
  }

  /** Adds the example and decides what follows (the save is the caller's). */
  private applyTeach(example: Example, source: TeachSource): TeachResult {
    const taught = this.edits.teach(example, source, this.ownNetwork);
    this.tell(taught.news);
    const { result } = taught;
    let training = result.outcome === 'duplicate' ? this.trainer.running : this.trainer.corpusChanged();
    if (!training && !isCorrect(this.runner.run(taught.example.inputs).outputs, taught.example.targets, 'threshold')) {
      this.relearn();
      training = true;
    }
    return { ...result, size: this.corpus.size, training, ...(taught.dropped ? { dropped: taught.dropped } : {}) };
  }

  /** After a removal, reset or rollback: a running training takes it up, or one starts if the network now errs. */
  private afterEdit(): boolean {
    if (this.trainer.corpusChanged()) return true;
    if (this.corpus.size === 0 || this.evaluate().correct === this.corpus.size) return false;
    this.relearn();
    return true;
  }

  /**
   * Forgets what visitors taught (CorpusEdits.forget) and resolves once saved. While the story plays
   * (the schedule forgets while nobody is there) its run and LEDs are left alone: the exhibit's own
   * network, which comes back at the hand-over, is what is put back.
   */
  private async forgetLessons(why: string): Promise<{ forgotten: number; size: number; training: boolean }> {
    const lent = this.story.lentFrom !== null;
    // Stopped first: it was learning their lessons. Planned after the stop: a teach may have come in while the run wound down.
    if (!lent && this.edits.hasVisitorsLessons() && this.trainer.running) await this.trainer.stop();
    const { forgotten, size, news } = this.edits.forget(why, this.ownNetwork);
    let training = this.trainer.running;
    if (forgotten > 0) {
      if (!lent) this.runPass('forgotten', false);
      this.tell(news);
      if (!lent) training = this.afterEdit();
    }
    await this.saver.saved();
    return { forgotten, size, training };
  }

  /** Tells the dashboard and the log what changed in the corpus; the spiking neurons are checked again on it unless a training will. */
  private tell(news: readonly CorpusNews[]): void {
    for (const { change, log } of news) {
      this.emit('corpus', change);
      this.log('info', log);
    }
    if (news.length > 0 && this.model === 'spiking' && !this.trainer.running) this.checkAgreement('corpus changed');
  }

  /** Checks the spiking neurons against the network, then runs them on the boards from rest with the inputs as they are. */
  private startSpiking(why: string): void {
    this.player.cancel();
    this.checkAgreement(why);
    this.spiking.start(this.inputs);
  }

  /** The agreement check (spikingMode.ts); says in the log and the `neurons` event how far they agree, and which examples differ. */
  private checkAgreement(why: string): void {
    const { level, message } = agreementLine(this.spiking.check(this.corpus), why);
    this.log(level, message);
    this.emit('neurons', this.neurons);
  }

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

  private onButton(board: RigBoard, event: ButtonEvent): void {
    this.visitorActed('button');
    const action = buttonAction(this.rig, board, event, this.inputs);
    if (action?.kind === 'input') {
      this.inputs[action.node] = action.level;
      this.runPass(`button ${board.id}:${event.channel}`, true);
    } else if (action?.kind === 'teach') {
      const example = { inputs: Array.from(this.inputs), targets: taughtTargets(this.runner.run(this.inputs).outputs, this.network.layers[0]!.threshold, action.node) };
      try {
        this.applyTeach(example, 'visitor');
        void this.save();
      } catch (err) {
        // A refusal (a full corpus) is staff's to see, not a visitor's: a throw here would end the process.
        this.log('warn', `board ${board.id}'s answer button: not taught: ${(err as Error).message}`);
      }
    }
  }

  private runPass(source: string, animate: boolean): TraceSnapshot {
    // A "no-hidden" act of the story shows its stand-in, in the rig's shape.
    const story = this.story.trace(this.inputs);
    const trace = story ?? snapshotTrace(this.runner.run(this.inputs));
    this.lastTrace = trace;
    this.emit('trace', trace, story ? 'story' : source);
    if (this.model === 'spiking') {
      // The spiking neurons drive the LEDs: a press changes their input neurons' rates.
      this.spiking.setInputs(trace.inputs);
      return trace;
    }
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
