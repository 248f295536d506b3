/**
 * The story on the exhibit: the stage the player acts on. It plays on a copy: before it starts, the
 * exhibit's network and inputs are remembered (and are what a save writes while it plays); a hand-over
 * puts them back at once, so the visitor meets the trained exhibit, not a half-trained story network.
 * Training goes through the exhibit's TrainingRunner, so progress and `try` events flow as usual.
 */
import { CLASSIC_CORPUS_NAMES, classicCorpus, type ClassicCorpusName } from '../../core/corpora.js';
import type { Corpus, Example } from '../../core/corpus.js';
import { NbError } from '../../core/errors.js';
import type { TraceSnapshot } from '../../core/forward.js';
import { networkToJson, type NetworkJson } from '../../core/network-json.js';
import { cloneNetwork, copyParams, type Network } from '../../core/network.js';
import type { ResolvedRig } from '../rig/validate.js';
import { WATCH_PACE } from '../trainingLeds.js';
import type { TrainingRunner } from '../trainingRunner.js';
import { AttractLoop, type AttractHost } from './attract.js';
import type { LoadedStory } from './load.js';
import { REAL_STORY_CLOCK, StoryPlayer, type StoryClock, type StoryStage } from './player.js';
import type { Act, LearnScene } from './schema.js';
import { createStandIn, rigShapedTrace } from './standIn.js';
import { idleStoryState, type StoryState } from './storyState.js';

export type { LoadedStory, StoryClock, StoryState };

/** The parts of the exhibit the story uses. */
export interface StoryHost {
  rig: ResolvedRig;
  /** The exhibit's own network (trained in place in "rig" acts, put back on hand-over). */
  network: Network;
  /** The rig's own corpus ("rig" in a learn scene). */
  rigCorpus: Corpus;
  trainer: TrainingRunner;
  /** The exhibit's inputs: a show scene sets them, a hand-over puts them back. */
  inputs: Float64Array;
  /** Runs a pass on the inputs and shows it on the boards, cascade and all. */
  pass(source: string): void;
  /** The exhibit is its own again (network and inputs put back): it shows them, and its own training status. */
  handedOver(): void;
  /** Keeps the LEDs following the training while it runs. */
  startRefresh(): void;
  changed(state: StoryState): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** The exhibit's events and idle clock, for the attract loop. */
  events: AttractHost;
}

export class ExhibitStory implements StoryStage {
  private readonly player: StoryPlayer | null;
  private remembered: { network: Network; inputs: number[] } | null = null;
  private standInNet: Network | null = null;
  private learning = false;
  /** Bumped by every play and hand-over: a learn scene that waited for a run to stop sees it and gives up. */
  private generation = 0;
  /** Plays the story while nobody is there (rig visitors.attract, default true); hands over on any visitor action. */
  private readonly attract: AttractLoop | null;

  constructor(
    private readonly loaded: LoadedStory | null,
    private readonly host: StoryHost,
    private readonly clock: StoryClock = REAL_STORY_CLOCK,
  ) {
    this.player = loaded
      ? new StoryPlayer(loaded.story, this, clock, () => host.changed(this.state()), (err) => {
          host.log('error', `the story stopped: ${(err as Error).message}`);
          this.handOver(); // the network from before it is back, as after any hand-over
        })
      : null;
    this.attract = this.player ? new AttractLoop(host.events, this, host.rig.visitors.idleMs, clock, host.rig.visitors.attract) : null;
    host.trainer.on('progress', () => {
      // The decision map follows the stand-in epoch by epoch.
      if (this.learning && this.standInNet) host.changed(this.state());
    });
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

  /** The exhibit started: the attract loop listens (and plays after the idle time if nobody comes). */
  start(): void {
    this.attract?.start();
  }

  /** The exhibit stops: no more attract loop, and the network from before the story is back (it is what is saved). */
  stop(): void {
    this.attract?.stop();
    this.handOver();
  }

  /** Plays the story from act 1 now (again, if it plays). 409 when the rig has none. */
  play(): StoryState {
    if (!this.player) {
      throw new NbError('NB_ERR_CONFLICT', `rig "${this.host.rig.name}" has no story: give it one ("story" in the rig file, docs/stories.md)`);
    }
    if (!this.remembered) {
      this.remembered = { network: cloneNetwork(this.host.network), inputs: Array.from(this.host.inputs) };
      this.host.log('info', `the story "${this.name}" plays`);
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
    this.attract?.handedOver();
    if (!this.remembered) return false;
    this.generation++;
    this.player?.stop();
    copyParams(this.remembered.network, this.host.network);
    this.host.inputs.set(this.remembered.inputs);
    this.remembered = null;
    this.standInNet = null;
    this.host.handedOver();
    this.host.log('info', 'the story handed over: the network from before it is back');
    this.host.changed(this.state());
    return true;
  }

  /** The network a save writes: while the story plays, the one from before it. */
  savedNetwork(): Network | null {
    return this.remembered?.network ?? null;
  }

  /**
   * The exhibit's own network: while the story plays, the copy put back at the hand-over (change
   * that one, e.g. to forget visitors' lessons while the story plays, and the change survives it).
   */
  ownNetwork(): Network {
    return this.remembered?.network ?? this.host.network;
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
    const pace = (learn.pace ?? (rig.training.stepsPerSecond || WATCH_PACE)) * this.clock.speed;
    trainer.start(net, this.corpus(learn.corpus), {
      method: learn.method,
      targetLoss: rig.training.targetLoss,
      fromRandomGuess: learn.fromRandomGuess ?? false,
      seed: Math.floor((this.clock.random ?? Math.random)() * 0x1_0000_0000),
      stepsPerSecond: pace,
    }, 'story');
    this.learning = true;
    this.host.startRefresh();
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
    this.host.pass('story');
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
