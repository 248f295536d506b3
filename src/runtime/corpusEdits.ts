/**
 * What changing the exhibit's corpus means, in one place: teach an example, remove one, put the
 * rig's own corpus back, keep a visitor's example for good, or forget what visitors taught. Each
 * change is checked, told to the dashboard, taken up by a training that is running, or starts one
 * when the network now gets an example wrong. Saving is the exhibit's: it saves after every change
 * through the same path. The corpus holds at most the rig's corpusLimit: when it is full, the oldest
 * example a visitor added makes room, and one full of the rig's and staff's refuses new examples.
 */
import type { AddResult, Example } from '../core/corpus.js';
import { assertTargetsReachable, type Corpus, validateExample } from '../core/corpus.js';
import { NbError } from '../core/errors.js';
import { copyParams, type Network } from '../core/network.js';
import type { ExhibitEvents } from './exhibitTypes.js';
import type { TrainingRunner } from './trainingRunner.js';
import { VisitorLessons, type ParsedLessons, type TeachSource } from './visitorLessons.js';

export type CorpusChange = ExhibitEvents['corpus'][0];

/** What the edits need from the exhibit besides its corpus, network and trainer. */
export interface CorpusEditsHost {
  /** True when the network answers `example` right now (by its firing threshold). */
  isRight(example: Readonly<Example>): boolean;
  /** Examples the network gets right now. */
  correctCount(): number;
  /** Starts the teach-mode training (trial and error from the network as it is). */
  retrain(): void;
  /** Tells the dashboard (a 'corpus' event) and the log. */
  changed(change: CorpusChange, log: string): void;
  /** The network's weights were put back (a rollback): the LEDs show it. */
  networkRestored(): void;
  /**
   * While something borrows the exhibit's network and will put its own copy back (the story's
   * attract loop plays on it), that copy: a rollback then restores into it, and leaves the
   * borrower's training and LEDs alone. Null (or absent) when the network is the exhibit's.
   */
  lentNetwork?(): Network | null;
}

export class CorpusEdits {
  /** The rig's own examples, as loaded (a copy: the live corpus changes as visitors teach). */
  private readonly rigExamples: Example[];
  /** Who taught what, and what to go back to when visitors' lessons are forgotten. */
  readonly lessons: VisitorLessons;

  constructor(
    /** The rig's name (for messages) and the most examples its corpus holds. */
    private readonly rig: { name: string; corpusLimit: number },
    rigCorpus: Corpus,
    private readonly corpus: Corpus,
    private readonly network: Network,
    private readonly trainer: TrainingRunner,
    private readonly host: CorpusEditsHost,
    /** Lessons from the state file (null: none, or a file from before them: every example is kept). */
    saved?: ParsedLessons | null,
  ) {
    this.rigExamples = rigCorpus.examples.map((e) => ({ ...e, inputs: [...e.inputs], targets: [...e.targets] }));
    this.lessons = new VisitorLessons(this.rigExamples);
    if (saved) this.lessons.restore(saved, corpus.examples);
  }

  /**
   * Adds an example (a duplicate changes nothing; same inputs with new targets replace the old
   * one). A target the output layer can never give is refused (NB_ERR_INVALID_CORPUS, 400). A
   * running training takes it up before its next slice; otherwise, when the network gets it wrong,
   * training starts. `training` says whether it is learning now. `source` says who taught it: a
   * visitor's lesson is forgotten at the next rollback, staff's is kept. A new example in a full
   * corpus first drops the oldest one a visitor added (`dropped`), or is refused (NB_ERR_CORPUS_FULL,
   * 409) when none can go.
   */
  teach(example: Example, source: TeachSource = 'visitor'): AddResult & { training: boolean; dropped?: Example } {
    const { corpus, trainer } = this;
    const clean = validateExample(example, corpus.inputSize, corpus.outputSize, 'example');
    assertTargetsReachable(clean, this.outputActivation(), 'example');
    const dropped = this.makeRoom(clean);
    const result = corpus.add(clean);
    this.lessons.taught(clean, source, result, this.network);
    this.host.changed(
      { outcome: result.outcome, index: result.index, size: corpus.size },
      `teach: example ${result.index} ${result.outcome} by ${source === 'visitor' ? 'a visitor' : 'staff'} (${clean.inputs.join(',')} → ${clean.targets.join(',')})`,
    );
    let training = result.outcome === 'duplicate' ? trainer.running : trainer.corpusChanged();
    if (!training && !this.host.isRight(clean)) {
      this.host.retrain();
      training = true;
    }
    return { ...result, training, ...(dropped ? { dropped } : {}) };
  }

  /**
   * Before `example` joins a full corpus: drops the oldest example a visitor added and returns it, or
   * refuses. Same inputs as an example already there (a duplicate, a new answer) never need room.
   * A corpus over its limit (a state saved with a higher one) keeps everything but takes nothing new.
   */
  private makeRoom(example: Example): Example | null {
    const { corpus } = this;
    const { name, corpusLimit } = this.rig;
    if (corpus.size < corpusLimit || corpus.indexOf(example.inputs) !== -1) return null;
    const advice = `remove examples (DELETE /api/corpus/:index) or raise "corpusLimit" in rig "${name}"`;
    if (corpus.size > corpusLimit) {
      throw new NbError(
        'NB_ERR_CORPUS_FULL',
        `the corpus holds ${corpus.size} examples, more than rig "${name}"'s corpusLimit of ${corpusLimit}: none is dropped, but new ones are refused until it is under the limit; ${advice}`,
        { field: 'corpusLimit' },
      );
    }
    const oldest = this.lessons.oldestAdded();
    if (!oldest) {
      throw new NbError(
        'NB_ERR_CORPUS_FULL',
        `the corpus is full: it holds ${corpus.size} examples, rig "${name}"'s corpusLimit, and none of them is one a visitor added that could make room (the rig's and staff's are never dropped); ${advice}`,
        { field: 'corpusLimit' },
      );
    }
    const index = corpus.indexOf(oldest);
    const dropped = corpus.remove(index);
    this.lessons.removed(dropped);
    this.host.changed(
      { outcome: 'dropped', index, size: corpus.size },
      `corpus: full (${corpusLimit} examples, rig "${name}"'s corpusLimit): the oldest example a visitor added, ${index} (${dropped.inputs.join(',')} → ${dropped.targets.join(',')}), made room`,
    );
    return dropped;
  }

  /** Removes the example at `index` (NB_ERR_NOT_FOUND, 404, when there is none). */
  remove(index: number): { removed: Example; size: number; training: boolean } {
    const { corpus } = this;
    this.checkIndex(index);
    const removed = corpus.remove(index);
    this.lessons.removed(removed);
    this.host.changed({ outcome: 'removed', index, size: corpus.size }, `corpus: example ${index} removed (${removed.inputs.join(',')} → ${removed.targets.join(',')})`);
    return { removed, size: corpus.size, training: this.afterEdit() };
  }

  /** Puts the rig's own corpus back: every taught example goes, the trained network stays. */
  reset(rigName: string): { size: number; training: boolean } {
    const { corpus } = this;
    corpus.replaceAll(this.rigExamples);
    this.lessons.clear();
    this.host.changed({ outcome: 'reset', index: -1, size: corpus.size }, `corpus: reset to the ${corpus.size} examples of rig "${rigName}"`);
    return { size: corpus.size, training: this.afterEdit() };
  }

  /**
   * Staff keep a visitor's example: it becomes staff's and survives the rollback. 404 on a bad
   * index, 409 (NB_ERR_CONFLICT) when it is not a visitor's.
   */
  keep(index: number): { index: number; source: 'staff'; size: number } {
    const { corpus } = this;
    this.checkIndex(index);
    const example = corpus.examples[index]!;
    const source = this.lessons.sourceOf(example);
    if (source !== 'visitor') {
      throw new NbError('NB_ERR_CONFLICT', `example ${index} is ${source === 'rig' ? "the rig's own" : "staff's already"}: only a visitor's example can be kept (GET /api/corpus shows each one's source)`, {
        field: 'index',
      });
    }
    this.lessons.keep(example);
    this.host.changed({ outcome: 'kept', index, size: corpus.size }, `corpus: example ${index} kept by staff (${example.inputs.join(',')} → ${example.targets.join(',')})`);
    return { index, source: 'staff', size: corpus.size };
  }

  /**
   * Forgets what visitors taught: their examples go (one that replaced a rig or staff example puts
   * that one back), and the network is put back as it was before the first of their lessons. A
   * training run is stopped first (it was learning their lessons); one starts again when the network
   * gets a remaining example wrong. Nothing to forget: nothing changes, `forgotten` is 0.
   */
  async forget(why: string): Promise<{ forgotten: number; size: number; training: boolean }> {
    const { corpus, trainer } = this;
    if (this.lessons.count(corpus.examples) === 0) {
      this.lessons.clear(); // staff kept or removed them all: the old network is no use any more
      return { forgotten: 0, size: corpus.size, training: trainer.running };
    }
    // Lent out (the story plays nobody's lessons): what comes back at the hand-over is what is restored.
    const lent = this.host.lentNetwork?.() ?? null;
    if (!lent && trainer.running) await trainer.stop();
    // Planned after the stop: a teach may have come in while the run wound down.
    const plan = this.lessons.rollback(corpus.examples);
    corpus.replaceAll(plan.examples);
    if (plan.network) copyParams(plan.network, lent ?? this.network);
    this.lessons.clear();
    if (!lent) this.host.networkRestored();
    this.host.changed(
      { outcome: 'forgotten', index: -1, size: corpus.size },
      `corpus: ${why}, forgot the ${plan.forgotten} example${plan.forgotten === 1 ? '' : 's'} visitors taught and put the network back as it was before their lessons; ${corpus.size} examples left`,
    );
    return { forgotten: plan.forgotten, size: corpus.size, training: lent ? trainer.running : this.afterEdit() };
  }

  private checkIndex(index: number): void {
    const { corpus } = this;
    if (!Number.isInteger(index) || index < 0 || index >= corpus.size) {
      const range = corpus.size === 0 ? 'it is empty' : `indexes 0-${corpus.size - 1}`;
      throw new NbError('NB_ERR_NOT_FOUND', `no example at index ${index}: the corpus has ${corpus.size} (${range}); GET /api/corpus lists them`, {
        field: 'index',
      });
    }
  }

  /** After a removal, reset or rollback: a running training takes it up, or one starts if the network now errs. */
  private afterEdit(): boolean {
    if (this.trainer.corpusChanged()) return true;
    if (this.corpus.size === 0 || this.host.correctCount() === this.corpus.size) return false;
    this.host.retrain();
    return true;
  }

  private outputActivation() {
    const { layers } = this.network;
    return layers[layers.length - 1]!.activation;
  }
}
