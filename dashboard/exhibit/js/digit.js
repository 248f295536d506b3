/** A seven-segment digit lit as the segment inputs are (a top, b top right … g middle). */
import { svg } from '../../kit/dom.js';

const SEGMENTS = [
  'M22,14 L98,14 L88,26 L32,26 Z', // a
  'M100,16 L100,96 L88,88 L88,28 Z', // b
  'M100,104 L100,184 L88,172 L88,112 Z', // c
  'M22,186 L98,186 L88,174 L32,174 Z', // d
  'M20,104 L20,184 L32,172 L32,112 Z', // e
  'M20,16 L20,96 L32,88 L32,28 Z', // f
  'M24,100 L34,92 L86,92 L96,100 L86,108 L34,108 Z', // g
];

export function createDigit(root) {
  const paths = SEGMENTS.map((d, i) => svg('path', { class: 'segment', d, dataset: { segment: 'abcdefg'[i] } }));
  root.replaceChildren(...paths);
  /** Lights the segments whose inputs are on; returns their letters. */
  function show(inputs) {
    const lit = [];
    paths.forEach((p, i) => {
      const on = (inputs[i] ?? 0) >= 0.5;
      p.classList.toggle('lit', on);
      if (on) lit.push('abcdefg'[i]);
    });
    return lit;
  }
  return { show };
}
