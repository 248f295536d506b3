/**
 * The classic corpora, shipped as data (core cannot read files). Each function returns a fresh
 * `Corpus`, so a caller who teaches it new examples does not change anybody else's copy.
 */
import { Corpus, type Example } from './corpus.js';

/** Logical AND of two inputs: linearly separable, so a single perceptron learns it. */
export const AND_EXAMPLES: readonly Example[] = [
  { inputs: [0, 0], targets: [0], label: '0 AND 0' },
  { inputs: [0, 1], targets: [0], label: '0 AND 1' },
  { inputs: [1, 0], targets: [0], label: '1 AND 0' },
  { inputs: [1, 1], targets: [1], label: '1 AND 1' },
];

/** Logical OR of two inputs: linearly separable. */
export const OR_EXAMPLES: readonly Example[] = [
  { inputs: [0, 0], targets: [0], label: '0 OR 0' },
  { inputs: [0, 1], targets: [1], label: '0 OR 1' },
  { inputs: [1, 0], targets: [1], label: '1 OR 0' },
  { inputs: [1, 1], targets: [1], label: '1 OR 1' },
];

/** Exclusive OR: the classic task that one straight line cannot separate; it needs a hidden layer. */
export const XOR_EXAMPLES: readonly Example[] = [
  { inputs: [0, 0], targets: [0], label: '0 XOR 0' },
  { inputs: [0, 1], targets: [1], label: '0 XOR 1' },
  { inputs: [1, 0], targets: [1], label: '1 XOR 0' },
  { inputs: [1, 1], targets: [0], label: '1 XOR 1' },
];

/** Majority of three inputs: on when at least two are on (all 8 combinations). */
export const MAJORITY3_EXAMPLES: readonly Example[] = Array.from({ length: 8 }, (_, n) => {
  const inputs = [(n >> 2) & 1, (n >> 1) & 1, n & 1];
  const on = inputs[0]! + inputs[1]! + inputs[2]!;
  return { inputs, targets: [on >= 2 ? 1 : 0], label: `majority ${inputs.join('')}` };
});

/**
 * Which of the seven segments a..g light for each digit (a top, b top right, c bottom right,
 * d bottom, e bottom left, f top left, g middle), as on a pocket calculator.
 */
export const SEVEN_SEGMENT_PATTERNS: readonly string[] = [
  'abcdef', 'bc', 'abdeg', 'abcdg', 'bcfg', 'acdfg', 'acdefg', 'abc', 'abcdefg', 'abcdfg',
];

/** 7-segment digits: 7 segment inputs a..g, 10 one-hot outputs (output d is on for digit d). */
export const SEVEN_SEGMENT_EXAMPLES: readonly Example[] = SEVEN_SEGMENT_PATTERNS.map((lit, digit) => ({
  inputs: [...'abcdefg'].map((s) => (lit.includes(s) ? 1 : 0)),
  targets: Array.from({ length: 10 }, (_, d) => (d === digit ? 1 : 0)),
  label: `digit ${digit}`,
}));

/** 3x3 pixels, row by row; output 0 = "horizontal line", output 1 = "vertical line". */
function line(kind: 'horizontal' | 'vertical', index: number, extraPixel?: number): Example {
  const inputs = Array.from({ length: 9 }, (_, p) => {
    const row = Math.floor(p / 3);
    const col = p % 3;
    return (kind === 'horizontal' ? row === index : col === index) || p === extraPixel ? 1 : 0;
  });
  const noisy = extraPixel === undefined ? '' : ` + noise at pixel ${extraPixel}`;
  return {
    inputs,
    targets: kind === 'horizontal' ? [1, 0] : [0, 1],
    label: `${kind} line ${index}${noisy}`,
  };
}

/**
 * Horizontal versus vertical line on 3x3 pixels: the three horizontal and three vertical lines,
 * then each again with one extra pixel lit off the line (a stray press), which stays unambiguous
 * because a full line of three is still there and no column (or row) across it can be complete.
 */
export const LINES_3X3_EXAMPLES: readonly Example[] = [
  ...[0, 1, 2].map((i) => line('horizontal', i)),
  ...[0, 1, 2].map((i) => line('vertical', i)),
  // Extra pixels picked so each noisy example lights a pixel in a different row and column.
  line('horizontal', 0, 4),
  line('horizontal', 1, 8),
  line('horizontal', 2, 1),
  line('vertical', 0, 4),
  line('vertical', 1, 5),
  line('vertical', 2, 3),
];

/** The names of the shipped corpora. */
export type ClassicCorpusName = 'and' | 'or' | 'xor' | 'majority3' | 'seven-segment' | 'lines-3x3';

const CLASSIC: Readonly<Record<ClassicCorpusName, { inputs: number; outputs: number; examples: readonly Example[] }>> = {
  and: { inputs: 2, outputs: 1, examples: AND_EXAMPLES },
  or: { inputs: 2, outputs: 1, examples: OR_EXAMPLES },
  xor: { inputs: 2, outputs: 1, examples: XOR_EXAMPLES },
  majority3: { inputs: 3, outputs: 1, examples: MAJORITY3_EXAMPLES },
  'seven-segment': { inputs: 7, outputs: 10, examples: SEVEN_SEGMENT_EXAMPLES },
  'lines-3x3': { inputs: 9, outputs: 2, examples: LINES_3X3_EXAMPLES },
};

/** Every shipped corpus name. */
export const CLASSIC_CORPUS_NAMES = Object.keys(CLASSIC) as ClassicCorpusName[];

/** A fresh copy of a shipped corpus, by name. */
export function classicCorpus(name: ClassicCorpusName): Corpus {
  const c = CLASSIC[name];
  return new Corpus(c.inputs, c.outputs, c.examples);
}
