/**
 * Plays a story: its acts in order, each act's scenes in order, then from act 1 again for as long as
 * it plays. What a scene does to the exhibit (train, show a pass) is the stage's job (exhibitStory.ts);
 * the player only keeps time and order, with timers it is given, so tests run it in fake or virtual time.
 */
import type { Example } from '../../core/corpus.js';
import type { NetworkJson } from '../../core/networkJson.js';
import type { Timers } from '../cascade.js';
import type { Scheduler, TimerHandle } from '../../platform/scheduler.js';
import { sceneKind, type Act, type LearnScene, type Scene, type Story } from './schema.js';
import type { LearnOutcome, StoryState } from './storyState.js';

/**
 * The story's timers. `setTimeout` takes story ms; `speed` is story ms per wall ms (scenarios dilate
 * time). `random` picks each random first guess (default Math.random; a scenario seeds it, so a run
 * repeats exactly).
 */
export interface StoryClock extends Timers {
  speed: number;
  random?: () => number;
}

/** The story's clock in the host's own time (what a scenario does not dilate). */
export function storyClock(scheduler: Scheduler): StoryClock {
  return { setTimeout: (fn, ms) => scheduler.setTimeout(fn, ms), clearTimeout: (handle) => scheduler.clearTimeout(handle), speed: 1 };
}

/** What the scenes do to the exhibit. */
export interface StoryStage {
  /** An act begins: its passes come from this network from now on ("no-hidden": a fresh stand-in). */
  beginAct(network: Act['network']): void;
  /** The examples of a corpus the story names ("rig" or a built-in one). */
  examples(corpus: string): readonly Example[];
  /** Trains the act's network; resolves true when it learnt it, false when it gave up or was stopped. */
  learn(learn: LearnScene['learn']): Promise<boolean>;
  /** Ends a learn scene's run early (maxMs); its `learn` promise then resolves. */
  stopLearning(): void;
  /** One pass with these inputs, cascade and all. */
  show(inputs: readonly number[]): void;
  /** Your turn: the exhibit's own network with these inputs (nothing pressed), as a visitor will take it over. */
  invite(inputs: readonly number[]): void;
  /** The stand-in as JSON in a "no-hidden" act, else null. */
  standIn(): NetworkJson | null;
}

interface Position {
  act: number;
  scene: number;
  outcome?: LearnOutcome;
  examples: readonly Example[] | null;
}

export class StoryPlayer {
  /** Bumped by every play and stop: a loop from an older run sees it and ends. */
  private run = 0;
  private position: Position | null = null;
  private readonly waits = new Set<{ handle: TimerHandle | null; resolve: () => void }>();

  constructor(
    private readonly story: Story,
    private readonly stage: StoryStage,
    private readonly clock: StoryClock,
    private readonly changed: () => void,
    private readonly failed: (err: unknown) => void = () => undefined,
  ) {}

  get playing(): boolean {
    return this.position !== null;
  }

  /** Plays from act 1 (again, if it was playing). */
  play(): void {
    this.cancel();
    const run = ++this.run;
    this.position = { act: 0, scene: 0, examples: null };
    this.loop(run).catch((err: unknown) => {
      if (this.run !== run) return;
      this.stop();
      this.failed(err);
    });
  }

  /** Stops at once: pending waits end, a learn run is asked to stop, the state says it is not playing. */
  stop(): void {
    if (!this.playing) return;
    this.run++;
    this.cancel();
    this.position = null;
    this.changed();
  }

  state(): Omit<StoryState, 'name' | 'network' | 'standIn'> {
    const p = this.position;
    if (!p) return { playing: false, act: null, scene: null, examples: null };
    const act = this.story.acts[p.act]!;
    const scene = act.scenes[p.scene]!;
    const kind = sceneKind(scene);
    return {
      playing: true,
      act: { index: p.act, id: act.id, count: this.story.acts.length, title: act.title },
      scene: {
        index: p.scene,
        kind,
        caption: scene.caption,
        ...('learn' in scene ? { corpus: scene.learn.corpus, method: scene.learn.method } : {}),
        ...(p.outcome === undefined ? {} : { outcome: p.outcome }),
      },
      examples: p.examples ? p.examples.map((e) => ({ inputs: [...e.inputs], targets: [...e.targets] })) : null,
    };
  }

  /** The network the current act shows, or null when not playing. */
  get network(): Act['network'] | null {
    return this.position ? this.story.acts[this.position.act]!.network : null;
  }

  private async loop(run: number): Promise<void> {
    const live = () => this.run === run;
    while (live()) {
      for (let a = 0; a < this.story.acts.length && live(); a++) {
        const act = this.story.acts[a]!;
        this.position = { act: a, scene: 0, examples: null };
        this.stage.beginAct(act.network);
        for (let s = 0; s < act.scenes.length && live(); s++) {
          this.position = { ...this.position, scene: s };
          delete this.position.outcome;
          this.changed();
          await this.playScene(act.scenes[s]!, live);
        }
      }
    }
  }

  private async playScene(scene: Scene, live: () => boolean): Promise<void> {
    const p = this.position!;
    if ('learn' in scene) {
      const { learn } = scene;
      p.examples = this.stage.examples(learn.corpus);
      p.outcome = 'learning';
      this.changed();
      const limit = learn.maxMs === undefined ? null : this.clock.setTimeout(() => this.stage.stopLearning(), learn.maxMs);
      const learned = await this.stage.learn(learn);
      if (limit !== null) this.clock.clearTimeout(limit);
      if (!live()) return;
      p.outcome = learned ? 'learned' : 'failed';
      this.changed();
    } else if ('show' in scene) {
      // The examples the act learnt last; the rig's own when it has learnt none yet.
      p.examples ??= this.stage.examples('rig');
      for (const example of p.examples) {
        if (!live()) return;
        this.stage.show(example.inputs);
        await this.wait(scene.show.holdMs);
      }
    } else if ('hold' in scene) {
      await this.wait(scene.hold.ms);
    } else {
      // Your turn: the exhibit's own trained network with nothing pressed, waiting for a visitor.
      this.stage.invite(new Array<number>(this.stage.examples('rig')[0]?.inputs.length ?? 0).fill(0));
      await this.wait(scene.invite.ms);
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = { handle: null as TimerHandle | null, resolve };
      entry.handle = this.clock.setTimeout(() => {
        this.waits.delete(entry);
        resolve();
      }, ms);
      this.waits.add(entry);
    });
  }

  private cancel(): void {
    if (this.position && this.position.outcome === 'learning') this.stage.stopLearning();
    for (const entry of this.waits) {
      if (entry.handle !== null) this.clock.clearTimeout(entry.handle);
      entry.resolve();
    }
    this.waits.clear();
  }
}
