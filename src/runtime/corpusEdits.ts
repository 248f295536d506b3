/**
 * What changing the exhibit's corpus means, in one place: teach an example, remove one, or put the
 * rig's own corpus back. Each change is checked, told to the dashboard, taken up by a training
 * that is running, or starts one when the network now gets an example wrong. Saving is the
 * exhibit's: it saves after every change through the same path.
 */
import type { AddResult, Example } from '../core/corpus.js';
import { assertTargetsReachable, type Corpus, validateExample } from '../core/corpus.js';
import { NbError } from '../core/errors.js';
import type { Network } from '../core/network.js';
import type { ExhibitEvents } from './exhibitTypes.js';
import type { TrainingRunner } from './trainingRunner.js';

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
}

export class CorpusEdits {
  /** The rig's own examples, as loaded (a copy: the live corpus changes as visitors teach). */
  private readonly rigExamples: Example[];

  constructor(
    rigCorpus: Corpus,
    private readonly corpus: Corpus,
    private readonly network: Network,
    private readonly trainer: TrainingRunner,
    private readonly host: CorpusEditsHost,
  ) {
    this.rigExamples = rigCorpus.examples.map((e) => ({ ...e, inputs: [...e.inputs], targets: [...e.targets] }));
  }

  /**
   * Adds an example (a duplicate changes nothing; same inputs with new targets replace the old
   * one). A target the output layer can never give is refused (NB_ERR_INVALID_CORPUS, 400). A
   * running training takes it up before its next slice; otherwise, when the network gets it wrong,
   * training starts. `training` says whether it is learning now.
   */
  teach(example: Example): AddResult & { training: boolean } {
    const { corpus, trainer } = this;
    const clean = validateExample(example, corpus.inputSize, corpus.outputSize, 'example');
    assertTargetsReachable(clean, this.outputActivation(), 'example');
    const result = corpus.add(clean);
    this.host.changed(
      { outcome: result.outcome, index: result.index, size: corpus.size },
      `teach: example ${result.index} ${result.outcome} (${clean.inputs.join(',')} → ${clean.targets.join(',')})`,
    );
    let training = result.outcome === 'duplicate' ? trainer.running : trainer.corpusChanged();
    if (!training && !this.host.isRight(clean)) {
      this.host.retrain();
      training = true;
    }
    return { ...result, training };
  }

  /** Removes the example at `index` (NB_ERR_NOT_FOUND, 404, when there is none). */
  remove(index: number): { removed: Example; size: number; training: boolean } {
    const { corpus } = this;
    if (!Number.isInteger(index) || index < 0 || index >= corpus.size) {
      const range = corpus.size === 0 ? 'it is empty' : `indexes 0-${corpus.size - 1}`;
      throw new NbError('NB_ERR_NOT_FOUND', `no example at index ${index}: the corpus has ${corpus.size} (${range}); GET /api/corpus lists them`, {
        field: 'index',
      });
    }
    const removed = corpus.remove(index);
    this.host.changed({ outcome: 'removed', index, size: corpus.size }, `corpus: example ${index} removed (${removed.inputs.join(',')} → ${removed.targets.join(',')})`);
    return { removed, size: corpus.size, training: this.afterEdit() };
  }

  /** Puts the rig's own corpus back: every taught example goes, the trained network stays. */
  reset(rigName: string): { size: number; training: boolean } {
    const { corpus } = this;
    corpus.replaceAll(this.rigExamples);
    this.host.changed({ outcome: 'reset', index: -1, size: corpus.size }, `corpus: reset to the ${corpus.size} examples of rig "${rigName}"`);
    return { size: corpus.size, training: this.afterEdit() };
  }

  /** After a removal or reset: a running training takes it up, or one starts if the network now errs. */
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
