/**
 * The network's answer in a word, shown beside the buttons so it is on a phone's first screen: YES
 * or NO for one answer neuron, the name of the answer neuron that fired for several ("7" on
 * digits7; the brightest when more than one fired), "not sure" when none did. Pure, so it is tested
 * without a browser (test/dashboard/exhibit/answer.test.ts).
 */

/**
 * `step` is the answer layer lit (a `cascade` step, or a trace's last layer); `names` the answer
 * neurons' names. Returns { kind: 'yes' | 'no' | 'named' | 'unsure', key, vars } for t().
 */
export function answerOf(step, names) {
  if (!step) return null;
  if (step.fired.length === 1) return step.fired[0] ? { kind: 'yes', key: 'answer.yes', vars: {} } : { kind: 'no', key: 'answer.no', vars: {} };
  let best = -1;
  step.activations.forEach((a, j) => {
    if (step.fired[j] && (best < 0 || a > step.activations[best])) best = j;
  });
  return best < 0 ? { kind: 'unsure', key: 'answer.unsure', vars: {} } : { kind: 'named', key: 'answer.named', vars: { answer: names[best] ?? String(best) } };
}
