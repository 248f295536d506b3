/**
 * What changing the exhibit's corpus means, in one place: teach an example, remove one, put the
 * rig's own corpus back, keep a visitor's example for good, or forget what visitors taught. Each
 * change is checked and made here, and answered with what changed (for the dashboard and the log);
 * the exhibit decides what follows (training, the LEDs, the save). The corpus holds at most the rig's
 * corpusLimit: when it is full, the oldest example a visitor added makes room, and one full of the
 * rig's and staff's refuses new examples.
 */
import type { AddResult, Example } from '../core/corpus.js';
import { assertTargetsReachable, type Corpus, validateExample } from '../core/corpus.js';
import { NbError } from '../core/errors.js';
import { copyParams, type Network } from '../core/network.js';
import { VisitorLessons, type ParsedLessons, type TeachSource } from './visitorLessons.js';

/** A change to the corpus as the `corpus` event tells it (`index` -1 for the whole corpus). */
export interface CorpusChange {
  /**
   * The example added, replaced, removed, kept (by staff) or dropped (the oldest a visitor added,
   * making room in a full corpus: an 'added' follows); 'reset' (back to the rig's corpus) and
   * 'forgotten' (visitors' examples forgotten, the network put back) are the whole corpus.
   */
  outcome: AddResult['outcome'] | 'removed' | 'reset' | 'kept' | 'forgotten' | 'dropped';
  index: number;
  size: number;
}

/** A change and its log line, in the order they happened. */
export interface CorpusNews {
  change: CorpusChange;
  log: string;
}

const shown = (e: Readonly<Example>): string => `${e.inputs.join(',')} → ${e.targets.join(',')}`;

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
    /** Lessons from the state file (null: none, or a file from before them: every example is kept). */
    saved?: ParsedLessons | null,
  ) {
    this.rigExamples = rigCorpus.examples.map((e) => ({ ...e, inputs: [...e.inputs], targets: [...e.targets] }));
    this.lessons = new VisitorLessons(this.rigExamples);
    if (saved) this.lessons.restore(saved, corpus.examples);
  }

  /**
   * Adds an example (a duplicate changes nothing; same inputs with new targets replace the old
   * one). A target the output layer of `network` can never give is refused (NB_ERR_INVALID_CORPUS,
   * 400). `source` says who taught it: a visitor's lesson is forgotten at the next rollback, staff's
   * is kept; the first visitor's lesson remembers `network` (the exhibit's own) to go back to. A new
   * example in a full corpus first drops the oldest one a visitor added (`dropped`), or is refused
   * (NB_ERR_CORPUS_FULL, 409) when none can go.
   */
  teach(example: Example, source: TeachSource, network: Network): { result: AddResult; example: Example; dropped?: Example; news: CorpusNews[] } {
    const { corpus } = this;
    const clean = validateExample(example, corpus.inputSize, corpus.outputSize, 'example');
    assertTargetsReachable(clean, network.layers[network.layers.length - 1]!.activation, 'example');
    const news: CorpusNews[] = [];
    const dropped = this.makeRoom(clean, news);
    const result = corpus.add(clean);
    this.lessons.taught(clean, source, result, network);
    news.push({
      change: { outcome: result.outcome, index: result.index, size: corpus.size },
      log: `teach: example ${result.index} ${result.outcome} by ${source === 'visitor' ? 'a visitor' : 'staff'} (${clean.inputs.join(',')} → ${clean.targets.join(',')})`,
    });
    return { result, example: clean, news, ...(dropped ? { dropped } : {}) };
  }

  /**
   * Before `example` joins a full corpus: drops the oldest example a visitor added and returns it, or
   * refuses. Same inputs as an example already there (a duplicate, a new answer) never need room.
   * A corpus over its limit (a state saved with a higher one) keeps everything but takes nothing new.
   */
  private makeRoom(example: Example, news: CorpusNews[]): Example | null {
    const { corpus } = this;
    const { name, corpusLimit } = this.rig;
    if (corpus.size < corpusLimit || corpus.indexOf(example.inputs) !== -1) return null;
    const advice = `remove examples or raise "corpusLimit" in rig "${name}"`;
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
    news.push({
      change: { outcome: 'dropped', index, size: corpus.size },
      log: `corpus: full (${corpusLimit} examples, rig "${name}"'s corpusLimit): the oldest example a visitor added, ${index} (${shown(dropped)}), made room`,
    });
    return dropped;
  }

  /** Removes the example at `index` (NB_ERR_NOT_FOUND, 404, when there is none). */
  remove(index: number): { removed: Example; size: number; news: CorpusNews[] } {
    const { corpus } = this;
    this.checkIndex(index);
    const removed = corpus.remove(index);
    this.lessons.removed(removed);
    return { removed, size: corpus.size, news: [{ change: { outcome: 'removed', index, size: corpus.size }, log: `corpus: example ${index} removed (${shown(removed)})` }] };
  }

  /** Puts the rig's own corpus back: every taught example goes, the trained network stays. */
  reset(): { size: number; news: CorpusNews[] } {
    const { corpus } = this;
    corpus.replaceAll(this.rigExamples);
    this.lessons.clear();
    return { size: corpus.size, news: [{ change: { outcome: 'reset', index: -1, size: corpus.size }, log: `corpus: reset to the ${corpus.size} examples of rig "${this.rig.name}"` }] };
  }

  /**
   * Staff keep a visitor's example: it becomes staff's and survives the rollback. 404 on a bad
   * index, 409 (NB_ERR_CONFLICT) when it is not a visitor's.
   */
  keep(index: number): { index: number; source: 'staff'; size: number; news: CorpusNews[] } {
    const { corpus } = this;
    this.checkIndex(index);
    const example = corpus.examples[index]!;
    const source = this.lessons.sourceOf(example);
    if (source !== 'visitor') {
      throw new NbError('NB_ERR_CONFLICT', `example ${index} is ${source === 'rig' ? "the rig's own" : "staff's already"}: only a visitor's example can be kept`, {
        field: 'index',
      });
    }
    this.lessons.keep(example);
    return { index, source: 'staff', size: corpus.size, news: [{ change: { outcome: 'kept', index, size: corpus.size }, log: `corpus: example ${index} kept by staff (${shown(example)})` }] };
  }

  /** True when some example of the corpus is a visitor's (there is something to forget). */
  hasVisitorsLessons(): boolean {
    return this.lessons.count(this.corpus.examples) > 0;
  }

  /**
   * Forgets what visitors taught: their examples go (one that replaced a rig or staff example puts
   * that one back), and the network from before the first of their lessons is copied into `into`
   * (the exhibit's own network). The exhibit stops a run learning their lessons first. Nothing to
   * forget: nothing changes, `forgotten` is 0 and there is no news.
   */
  forget(why: string, into: Network): { forgotten: number; size: number; restored: boolean; news: CorpusNews[] } {
    const { corpus } = this;
    if (!this.hasVisitorsLessons()) {
      this.lessons.clear(); // staff kept or removed them all: the old network is no use any more
      return { forgotten: 0, size: corpus.size, restored: false, news: [] };
    }
    const plan = this.lessons.rollback(corpus.examples);
    corpus.replaceAll(plan.examples);
    if (plan.network) copyParams(plan.network, into);
    this.lessons.clear();
    const log = `corpus: ${why}, forgot the ${plan.forgotten} example${plan.forgotten === 1 ? '' : 's'} visitors taught and put the network back as it was before their lessons; ${corpus.size} examples left`;
    return { forgotten: plan.forgotten, size: corpus.size, restored: plan.network !== null, news: [{ change: { outcome: 'forgotten', index: -1, size: corpus.size }, log }] };
  }

  private checkIndex(index: number): void {
    const { corpus } = this;
    if (!Number.isInteger(index) || index < 0 || index >= corpus.size) {
      const range = corpus.size === 0 ? 'it is empty' : `indexes 0-${corpus.size - 1}`;
      throw new NbError('NB_ERR_NOT_FOUND', `no example at index ${index}: the corpus has ${corpus.size} (${range})`, {
        field: 'index',
      });
    }
  }
}
