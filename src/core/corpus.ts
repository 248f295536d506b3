/**
 * The corpus: the examples the network learns from ("when these buttons are pressed, this LED
 * should light").
 *
 * Duplicates and conflicts, decided here once so teach mode can explain them:
 * - the same inputs with the same targets again is a DUPLICATE: nothing changes (the first
 *   example, and its label, stay), and `add` says `'duplicate'`;
 * - the same inputs with different targets is a CONFLICT: a network can give only one answer per
 *   input, so the NEWEST example replaces the older one in place (same index, so the order stays
 *   stable), and `add` says `'replaced'` and returns the example it replaced.
 * Inputs are compared number by number with `===` (so 0 and -0 are the same input), through a
 * key per inputs kept in a map, so adding an example never scans the corpus: loading n examples
 * takes time in proportion to n (a state file with 100,000 is read in well under 2 s).
 */
import { ACTIVATIONS, canOutput, type ActivationName } from './activations.js';
import { NbError } from './errors.js';
import type { Network } from './network.js';

/** One example: the inputs, the outputs wanted for them, and an optional name. */
export interface Example {
  inputs: number[];
  targets: number[];
  label?: string;
}

/** What `Corpus.add` did with an example. */
export interface AddResult {
  /** `'added'` (new inputs), `'duplicate'` (already there, unchanged) or `'replaced'` (conflict). */
  outcome: 'added' | 'duplicate' | 'replaced';
  /** Where the example now is. */
  index: number;
  /** For `'replaced'`: the older example that was replaced. */
  replaced?: Example;
}

/**
 * The key of an example's inputs: two inputs are the same (`===`, number by number) exactly when
 * their keys are equal. Number-to-string is one-to-one on finite numbers, and gives "0" for -0.
 */
export function inputsKey(inputs: readonly number[]): string {
  return inputs.join(',');
}

/** The examples for a network with `inputSize` inputs and `outputSize` outputs. */
export class Corpus {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly #examples: Example[] = [];
  /** keys[i] is inputsKey(examples[i].inputs), made once per example. */
  readonly #keys: string[] = [];
  /** Where the example with each inputs key is. */
  readonly #where = new Map<string, number>();

  /** An empty corpus; `examples` are added one by one with the rules above. */
  constructor(inputSize: number, outputSize: number, examples: readonly Example[] = []) {
    for (const [name, n] of [['inputSize', inputSize], ['outputSize', outputSize]] as const) {
      if (!Number.isInteger(n) || n < 1) {
        throw new NbError('NB_ERR_INVALID_CORPUS', `${name} must be a whole number of at least 1, got ${String(n)}`, {
          field: name,
        });
      }
    }
    this.inputSize = inputSize;
    this.outputSize = outputSize;
    examples.forEach((e, i) => this.add(e, `examples[${i}]`));
  }

  /** The examples, in order. Read-only: use `add` and `remove` to change them. */
  get examples(): readonly Readonly<Example>[] {
    return this.#examples;
  }

  /** How many examples there are. */
  get size(): number {
    return this.#examples.length;
  }

  /**
   * Checks an example and adds it (see the file comment for duplicates and conflicts). `where`
   * names it in error messages, e.g. `examples[3]`.
   */
  add(example: Example, where = `examples[${this.#examples.length}]`): AddResult {
    const clean = validateExample(example, this.inputSize, this.outputSize, where);
    const key = inputsKey(clean.inputs);
    const index = this.#where.get(key);
    if (index === undefined) {
      this.#examples.push(clean);
      this.#keys.push(key);
      this.#where.set(key, this.#examples.length - 1);
      return { outcome: 'added', index: this.#examples.length - 1 };
    }
    const older = this.#examples[index] as Example;
    if (sameNumbers(older.targets, clean.targets)) return { outcome: 'duplicate', index };
    this.#examples[index] = clean;
    return { outcome: 'replaced', index, replaced: older };
  }

  /** Where the example with these inputs is, or -1 when there is none. */
  indexOf(inputs: readonly number[]): number {
    return this.#where.get(inputsKey(inputs)) ?? -1;
  }

  /** The inputs key (inputsKey) of the example at `index`, kept since it was added. */
  keyAt(index: number): string {
    return this.#keys[index] as string;
  }

  /** Removes the example at `index` and returns it. */
  remove(index: number): Example {
    if (!Number.isInteger(index) || index < 0 || index >= this.#examples.length) {
      throw new NbError('NB_ERR_INVALID_ARGUMENT', `no example at index ${index}; the corpus has ${this.size}`, {
        field: 'index',
      });
    }
    const removed = this.#examples.splice(index, 1)[0] as Example;
    this.#where.delete(this.#keys.splice(index, 1)[0] as string);
    // The ones after it moved up by one (no new strings: the keys are kept).
    for (let i = index; i < this.#keys.length; i++) this.#where.set(this.#keys[i] as string, i);
    return removed;
  }

  /**
   * Replaces every example with `examples` (checked and added one by one with the rules above).
   * All or nothing: when one is bad, the corpus is left as it was.
   */
  replaceAll(examples: readonly Example[]): void {
    const fresh = new Corpus(this.inputSize, this.outputSize, examples);
    // One by one: a spread of 100,000 arguments would overflow the stack.
    this.#examples.length = 0;
    this.#keys.length = 0;
    this.#where.clear();
    for (const [i, example] of fresh.#examples.entries()) {
      this.#examples.push(example);
      this.#keys.push(fresh.#keys[i] as string);
      this.#where.set(fresh.#keys[i] as string, i);
    }
  }
}

/** Throws NB_ERR_DIMENSION_MISMATCH unless the corpus has the network's input and output sizes. */
export function assertCorpusFits(corpus: Corpus, net: Network): void {
  const inputs = net.sizes[0] as number;
  const outputs = net.sizes[net.sizes.length - 1] as number;
  if (corpus.inputSize !== inputs) {
    throw new NbError(
      'NB_ERR_DIMENSION_MISMATCH',
      `the corpus has ${corpus.inputSize} inputs per example but the network takes ${inputs}`,
      { field: 'inputSize' },
    );
  }
  if (corpus.outputSize !== outputs) {
    throw new NbError(
      'NB_ERR_DIMENSION_MISMATCH',
      `the corpus has ${corpus.outputSize} targets per example but the network has ${outputs} outputs`,
      { field: 'outputSize' },
    );
  }
}

/**
 * The first target the output activation can never give (null when all can be reached), with what
 * is wrong in words ("is 5, but …"). A sigmoid asked for 5 would otherwise train for ever.
 */
export function unreachableTarget(targets: readonly number[], activation: ActivationName): { index: number; problem: string } | null {
  const index = targets.findIndex((t) => !canOutput(activation, t));
  if (index === -1) return null;
  return {
    index,
    problem: `is ${targets[index]}, but the output layer (${activation}) can only give ${ACTIVATIONS[activation].range.text}; use a target in that range`,
  };
}

/** Throws NB_ERR_INVALID_CORPUS (400, exit 65) for the first target the output activation cannot reach. */
export function assertTargetsReachable(example: Readonly<Pick<Example, 'targets'>>, activation: ActivationName, where: string): void {
  const found = unreachableTarget(example.targets, activation);
  if (!found) return;
  const field = `${where}.targets[${found.index}]`;
  throw new NbError('NB_ERR_INVALID_CORPUS', `${field} ${found.problem}`, { field });
}

/** `assertTargetsReachable` for every example of a corpus, named `examples[i]`. */
export function assertCorpusReachable(corpus: Corpus, activation: ActivationName): void {
  corpus.examples.forEach((e, i) => assertTargetsReachable(e, activation, `examples[${i}]`));
}

/** Checks one example's shape and numbers; returns a private copy. */
export function validateExample(value: unknown, inputSize: number, outputSize: number, where: string): Example {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new NbError('NB_ERR_INVALID_CORPUS', `${where} must be an object { inputs, targets, label? }`, {
      field: where,
    });
  }
  const v = value as Record<string, unknown>;
  const inputs = numberList(v['inputs'], inputSize, `${where}.inputs`);
  const targets = numberList(v['targets'], outputSize, `${where}.targets`);
  const label = v['label'];
  if (label !== undefined && typeof label !== 'string') {
    throw new NbError('NB_ERR_INVALID_CORPUS', `${where}.label must be a string when given`, {
      field: `${where}.label`,
    });
  }
  return label === undefined ? { inputs, targets } : { inputs, targets, label };
}

function numberList(value: unknown, expected: number, field: string): number[] {
  if (!Array.isArray(value)) {
    throw new NbError('NB_ERR_INVALID_CORPUS', `${field} must be an array of ${expected} numbers`, { field });
  }
  if (value.length !== expected) {
    throw new NbError(
      'NB_ERR_DIMENSION_MISMATCH',
      `${field} has ${value.length} values but ${expected} are expected`,
      { field },
    );
  }
  return value.map((x: unknown, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new NbError(
        'NB_ERR_INVALID_CORPUS',
        `${field}[${i}] must be a finite number, got ${typeof x === 'number' ? String(x) : JSON.stringify(x)}`,
        { field: `${field}[${i}]` },
      );
    }
    return x;
  });
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
