/**
 * Who taught each corpus example, so what visitors taught can be forgotten politely: 'rig' (the
 * rig's own corpus), 'visitor' (the answer buttons, the visitor page) or 'staff' (the console or the
 * API said so, or staff kept a visitor's example). Only visitors' lessons are tracked: any other
 * example is the rig's when the rig has it, else staff's. Lessons are keyed by their inputs (the
 * corpus keeps one example per inputs), so they stay right however the corpus is reordered.
 *
 * Forgetting needs two more things: the example a visitor's lesson replaced (a visitor who taught
 * 1,1 → 1 on XOR replaced the rig's 1,1 → 0, which must come back), and the network as it was before
 * the first lesson since the last rollback.
 */
import { inputsKey, type AddResult, type Corpus, type Example } from '../core/corpus.js';
import { NbError } from '../core/errors.js';
import { networkFromJson, networkToJson, type NetworkJson } from '../core/networkJson.js';
import { cloneNetwork, type Network } from '../core/network.js';

export type ExampleSource = 'rig' | 'visitor' | 'staff';
/** Who a teach is from (the API's `source`); 'rig' examples only come from the rig file. */
export type TeachSource = 'visitor' | 'staff';

/** How lessons are kept in the state file, beside the corpus (sources[i] is examples[i]'s). */
export interface LessonsJson {
  sources: ExampleSource[];
  /** For a visitor's example that replaced a rig or staff one: that one, to put back. */
  replaced: { index: number; example: Example }[];
  /** The network before the first visitor lesson since the last rollback; null when there is none. */
  networkBefore: NetworkJson | null;
}

interface Lesson {
  inputs: number[];
  targets: number[];
  replaced: Example | null;
}

const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const copy = (e: Readonly<Example>): Example => ({ inputs: [...e.inputs], targets: [...e.targets], ...(e.label === undefined ? {} : { label: e.label }) });

export class VisitorLessons {
  /** Visitors' lessons by inputs key, oldest first (a lesson taught again moves to the end). */
  private readonly lessons = new Map<string, Lesson>();
  /** The rig's own targets by inputs key: who taught an example is looked up, never searched for. */
  private readonly rigTargets: Map<string, readonly number[]>;
  private before: Network | null = null;

  constructor(rigExamples: readonly Readonly<Example>[]) {
    this.rigTargets = new Map(rigExamples.map((r) => [inputsKey(r.inputs), r.targets]));
  }

  /** Where `example` (as the corpus holds it now) came from. */
  sourceOf(example: Readonly<Example>): ExampleSource {
    return this.sourceByKey(inputsKey(example.inputs), example.targets);
  }

  private sourceByKey(key: string, targets: readonly number[]): ExampleSource {
    const lesson = this.lessons.get(key);
    if (lesson && same(lesson.targets, targets)) return 'visitor';
    const rig = this.rigTargets.get(key);
    return rig && same(rig, targets) ? 'rig' : 'staff';
  }

  /**
   * The inputs of the oldest example a visitor added, which can make room when the corpus is full;
   * null when there is none. A lesson that replaced a rig or staff example's answer is passed over:
   * dropping it would put that example back, which makes no room.
   */
  oldestAdded(): readonly number[] | null {
    for (const lesson of this.lessons.values()) if (!lesson.replaced) return lesson.inputs;
    return null;
  }

  /** How many of `examples` are visitors'. */
  count(examples: readonly Readonly<Example>[]): number {
    return examples.filter((e) => this.sourceOf(e) === 'visitor').length;
  }

  /**
   * Call right after `corpus.add`, before any training: records who taught it (a staff teach of a
   * visitor's example keeps it), and the first lesson since the last rollback remembers `network`.
   */
  taught(example: Readonly<Example>, source: TeachSource, result: AddResult, network: Network): void {
    const key = inputsKey(example.inputs);
    if (source === 'staff') {
      this.lessons.delete(key);
      return;
    }
    if (result.outcome === 'duplicate') return; // it stays whoever's it was
    const older = this.lessons.get(key);
    const previous = result.outcome === 'replaced' ? result.replaced : undefined;
    // Replacing a visitor's own lesson keeps what that one replaced; replacing a rig or staff example remembers it.
    const replaced = !previous ? null : older && same(older.targets, previous.targets) ? older.replaced : copy(previous);
    this.lessons.delete(key); // taught again: it is the newest lesson now
    this.lessons.set(key, { inputs: [...example.inputs], targets: [...example.targets], replaced });
    this.before ??= cloneNetwork(network);
  }

  /** An example left the corpus (removed by staff): it is no lesson any more. */
  removed(example: Readonly<Example>): void {
    this.lessons.delete(inputsKey(example.inputs));
  }

  /** Staff keep a visitor's example: it becomes staff's and survives a rollback (no lesson any more, as when removed). */
  keep(example: Readonly<Example>): void {
    this.removed(example);
  }

  /** The corpus is the rig's again (reset): nothing is left to forget. */
  clear(): void {
    this.lessons.clear();
    this.before = null;
  }

  /**
   * What the exhibit goes back to: `examples` without the visitors' lessons (each one that replaced
   * a rig or staff example puts that one back, in its place), and the network from before the first
   * lesson (null when none was remembered). Does not change anything: `clear()` once it is applied.
   */
  rollback(examples: readonly Readonly<Example>[]): { examples: Example[]; forgotten: number; network: Network | null } {
    const kept: Example[] = [];
    let forgotten = 0;
    for (const example of examples) {
      if (this.sourceOf(example) !== 'visitor') {
        kept.push(copy(example));
        continue;
      }
      forgotten++;
      const replaced = this.lessons.get(inputsKey(example.inputs))!.replaced;
      if (replaced) kept.push(copy(replaced));
    }
    return { examples: kept, forgotten, network: this.before };
  }

  /** The saved form, aligned with the corpus's examples (every save builds it: the corpus's own keys, no new ones). */
  toJson(corpus: Corpus): LessonsJson {
    const replaced: LessonsJson['replaced'] = [];
    const sources = corpus.examples.map((example, index) => {
      const key = corpus.keyAt(index);
      const source = this.sourceByKey(key, example.targets);
      const lesson = source === 'visitor' ? this.lessons.get(key) : undefined;
      if (lesson?.replaced) replaced.push({ index, example: copy(lesson.replaced) });
      return source;
    });
    return { sources, replaced, networkBefore: this.before ? networkToJson(this.before) : null };
  }

  /** Takes up saved lessons (checked by `parseLessons`). */
  restore(saved: ParsedLessons, examples: readonly Readonly<Example>[]): void {
    this.clear();
    const replacedAt = new Map(saved.replaced.map((r) => [r.index, r.example]));
    // In corpus order, which is the order they were added in (a replacement keeps its place).
    saved.sources.forEach((source, i) => {
      const example = examples[i];
      if (source !== 'visitor' || !example) return;
      this.lessons.set(inputsKey(example.inputs), { inputs: [...example.inputs], targets: [...example.targets], replaced: replacedAt.get(i) ?? null });
    });
    this.before = saved.networkBefore;
  }
}

export interface ParsedLessons {
  sources: ExampleSource[];
  replaced: { index: number; example: Example }[];
  networkBefore: Network | null;
}

/** Saved lessons written back unchanged (`neuroboard train` trains the saved corpus offline: who taught what stays). */
export function lessonsToJson(lessons: ParsedLessons): LessonsJson {
  return {
    sources: [...lessons.sources],
    replaced: lessons.replaced.map((r) => ({ index: r.index, example: copy(r.example) })),
    networkBefore: lessons.networkBefore ? networkToJson(lessons.networkBefore) : null,
  };
}

/**
 * Checks the `lessons` field of a state file against its corpus and network (same length, same
 * shape); throws NB_ERR_FILE_CORRUPT naming the field. A file without one (older neuroboard) gives
 * null: every example is kept as before.
 */
export function parseLessons(value: unknown, corpusSize: number, networkSizes: readonly number[]): ParsedLessons | null {
  if (value === undefined) return null;
  const bad = (field: string, what: string) => new NbError('NB_ERR_FILE_CORRUPT', `${field} ${what}`, { field });
  const doc = value as Partial<LessonsJson> | null;
  if (typeof doc !== 'object' || doc === null) throw new NbError('NB_ERR_FILE_CORRUPT', 'must be an object { sources, replaced, networkBefore }');
  const { sources, replaced = [], networkBefore = null } = doc;
  if (!Array.isArray(sources) || sources.length !== corpusSize || !sources.every((s) => s === 'rig' || s === 'visitor' || s === 'staff')) {
    throw bad('sources', `must list "rig", "visitor" or "staff" for each of the ${corpusSize} examples`);
  }
  if (!Array.isArray(replaced) || !replaced.every((r) => Number.isInteger(r?.index) && sources[r.index] === 'visitor' && Array.isArray(r.example?.inputs) && Array.isArray(r.example?.targets))) {
    throw bad('replaced', 'must be a list of { index, example } for visitors\' examples');
  }
  let network: Network | null = null;
  if (networkBefore !== null) {
    network = networkFromJson(networkBefore);
    if (network.sizes.join('-') !== networkSizes.join('-')) {
      throw bad('networkBefore', `is ${network.sizes.join('-')} but the saved network is ${networkSizes.join('-')}`);
    }
  }
  return { sources: [...sources], replaced: replaced.map((r) => ({ index: r.index, example: copy(r.example) })), networkBefore: network };
}
