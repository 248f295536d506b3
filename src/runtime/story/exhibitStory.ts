/**
 * The story on the exhibit: the stage the player acts on. It plays on a copy: before it starts, the
 * exhibit's network and inputs are remembered (they stay the exhibit's own: what a save writes and
 * what lessons change while it plays); a hand-over puts them back at once, so the visitor meets the
 * trained exhibit, not a half-trained story network; its last scene (`invite`) already shows that
 * network, so the hand-over changes nothing a visitor sees. Training goes through the exhibit's
 * TrainingRunner, so progress and `try` events flow as usual. It tells the exhibit what changed
 * (`story`), what to show (`show`: its inputs changed) and that it handed over (`handedOver`).
 */
import { EventEmitter } from 'eventemitter3';
import { CLASSIC_CORPUS_NAMES, classicCorpus, type ClassicCorpusName } from '../../core/corpora.js';
import type { Corpus, Example } from '../../core/corpus.js';
import { NbError } from '../../core/errors.js';
import type { TraceSnapshot } from '../../core/forward.js';
import { networkToJson, type NetworkJson } from '../../core/networkJson.js';
import { cloneNetwork, copyParams, type Network } from '../../core/network.js';
import type { LogLevel } from '../boardSupervisor.js';
import { WATCH_PACE } from '../trainingRequest.js';
import type { TrainingRunner } from '../trainingRunner.js';
import type { LoadedStory } from './load.js';
import { StoryPlayer, type StoryClock, type StoryStage } from './player.js';
import type { Act, LearnScene } from './schema.js';
import { createStandIn, rigShapedTrace } from './standIn.js';
import { idleStoryState, type StoryState } from './storyState.js';

export type { LoadedStory, StoryClock, StoryState };

/** What the story reads of the rig: its name, its network's shape, its training pace and target. */
export interface StoryRigSettings {
  name: string;
  network: { layers: readonly number[] };
  training: { pace: number; targetLoss: number };
}

/** What the story plays on: the exhibit's parts, as values. */
export interface StoryParts {
  rig: StoryRigSettings;
  /** The network the boards show (trained in place in "rig" acts, put back on hand-over). */
  network: Network;
  /** The rig's own corpus ("rig" in a learn scene). */
  rigCorpus: Corpus;
  trainer: TrainingRunner;
  /** The exhibit's inputs: a show scene sets them, a hand-over puts them back. */
  inputs: Float64Array;
}

export interface ExhibitStoryEvents {
  /** The story's whole state, on every change. */
  story: [state: StoryState];
  /** A scene set the inputs: show a pass of them, cascade and all. */
  show: [];
  /** The network and inputs from before the story are back: the exhibit shows them. */
  handedOver: [];
  log: [level: LogLevel, message: string];
}

export class ExhibitStory extends EventEmitter<ExhibitStoryEvents> implements StoryStage {
  private readonly player: StoryPlayer | null;
  private remembered: { network: Network; inputs: number[] } | null = null;
  private standInNet: Network | null = null;
  private learning = false;
  /** Bumped by every play and hand-over: a learn scene that waited for a run to stop sees it and gives up. */
  private generation = 0;
  constructor(
    private readonly loaded: LoadedStory | null,
    private readonly host: StoryParts,
    readonly clock: StoryClock,
  ) {
    super();
    this.player = loaded
      ? new StoryPlayer(loaded.story, this, clock, () => this.emit('story', this.state()), (err) => {
          this.emit('log', 'error', `the story stopped: ${(err as Error).message}`);
          this.handOver(); // the network from before it is back, as after any hand-over
        })
      : null;
    host.trainer.on('progress', () => {
      // The decision map follows the stand-in epoch by epoch.
      if (this.learning && this.standInNet) this.emit('story', this.state());
    });
  }

  /** True when the rig has a story to play. */
  get exists(): boolean {
    return this.player !== null;
  }

  get name(): string | null {
    return this.loaded?.story.name ?? null;
  }

  get playing(): boolean {
    return this.player?.playing ?? false;
  }

  state(): StoryState {
    const played = this.player?.state();
    return {
      ...idleStoryState(this.name),
      ...played,
      network: this.player?.network ?? null,
      standIn: this.standIn(),
    };
  }

  /** Plays the story from act 1 now (again, if it plays). 409 when the rig has none. */
  play(): StoryState {
    if (!this.player) {
      throw new NbError('NB_ERR_CONFLICT', `rig "${this.host.rig.name}" has no story: give it one ("story" in the rig file, docs/stories.md)`);
    }
    if (!this.remembered) {
      this.remembered = { network: cloneNetwork(this.host.network), inputs: Array.from(this.host.inputs) };
      this.emit('log', 'info', `the story "${this.name}" plays`);
    }
    this.generation++;
    this.player.play();
    return this.state();
  }

  /**
   * Hands the exhibit over (a visitor pressed something, or staff stopped it): the story stops, the
   * network and inputs from before it are put back and shown. Returns false when it was not playing.
   */
  handOver(): boolean {
    if (!this.remembered) return false;
    this.generation++;
    this.player?.stop();
    copyParams(this.remembered.network, this.host.network);
    this.host.inputs.set(this.remembered.inputs);
    this.remembered = null;
    this.standInNet = null;
    this.emit('handedOver');
    this.emit('log', 'info', 'the story handed over: the network from before it is back');
    this.emit('story', this.state());
    return true;
  }

  /**
   * While the story plays, the exhibit's own network as it was before (what the hand-over puts back:
   * change that one and the change survives the story); null when it is not playing.
   */
  get lentFrom(): Network | null {
    return this.remembered?.network ?? null;
  }

  /** The pass the boards show, when a "no-hidden" act decides it (the stand-in in the rig's shape). */
  trace(inputs: ArrayLike<number>): TraceSnapshot | null {
    if (!this.standInNet || !this.playing) return null;
    return rigShapedTrace(this.standInNet, inputs, this.host.rig.network.layers);
  }

  // --- the stage (StoryStage) ---

  beginAct(network: Act['network']): void {
    this.standInNet = network === 'no-hidden' ? createStandIn(this.host.rig.network.layers) : null;
  }

  examples(corpus: string): readonly Example[] {
    return this.corpus(corpus).examples;
  }

  async learn(learn: LearnScene['learn']): Promise<boolean> {
    const { trainer, rig } = this.host;
    // Whatever runs now (a boot-time fit, a visitor's retrain) makes way: the story shows its own.
    const generation = this.generation;
    if (trainer.running) await trainer.stop();
    if (!this.playing || generation !== this.generation) return false;
    const net = this.standInNet ?? this.host.network;
    const pace = (learn.pace ?? (rig.training.pace || WATCH_PACE)) * this.clock.speed;
    trainer.start(net, this.corpus(learn.corpus), {
      method: learn.method,
      targetLoss: rig.training.targetLoss,
      fromRandomGuess: learn.fromRandomGuess ?? false,
      seed: Math.floor((this.clock.random ?? Math.random)() * 0x1_0000_0000),
      pace,
    }, 'story');
    this.learning = true;
    try {
      const status = await trainer.done();
      return status.reason === 'target-reached' || status.reason === 'converged';
    } finally {
      this.learning = false;
    }
  }

  stopLearning(): void {
    if (this.learning) void this.host.trainer.stop();
  }

  show(inputs: readonly number[]): void {
    this.host.inputs.set(inputs);
    this.emit('show');
  }

  /**
   * Your turn: the story ends on the exhibit's own network (the one the hand-over puts back), with
   * `inputs` (nothing pressed) as the exhibit's own from now on. A visitor's first press then hands
   * over to exactly what they see: their press changes one input, not the network under their finger.
   */
  invite(inputs: readonly number[]): void {
    if (this.remembered) {
      copyParams(this.remembered.network, this.host.network);
      this.remembered.inputs = [...inputs];
    }
    this.show(inputs);
  }

  standIn(): NetworkJson | null {
    return this.standInNet && this.playing ? networkToJson(this.standInNet) : null;
  }

  private corpus(name: string): Corpus {
    if (name === 'rig') return this.host.rigCorpus;
    if ((CLASSIC_CORPUS_NAMES as readonly string[]).includes(name)) return classicCorpus(name as ClassicCorpusName);
    throw new NbError('NB_ERR_INVALID_STORY', `story "${this.name}": no corpus "${name}"`);
  }
}
