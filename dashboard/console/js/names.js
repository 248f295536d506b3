/**
 * Node names as the rig means them (digits7: segments "a".."g", answers "0".."9"). The server sends
 * them as `state.labels`; a server without them gets the same defaults it would give.
 */

/** "input N", "hidden N", "output N" (N from 1), as src/runtime/rig/labels.ts names unlabelled nodes. */
export function defaultLabels(layers) {
  const last = layers.length - 1;
  return layers.map((size, l) => Array.from({ length: size }, (_, j) => `${l === 0 ? 'input' : l === last ? 'output' : 'hidden'} ${j + 1}`));
}

/** The state's labels, or the defaults for its layers. */
export function labelsOf(state) {
  return Array.isArray(state?.labels) ? state.labels : defaultLabels(state?.rig?.layers ?? []);
}

const fmt = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

/**
 * One line saying what the network answers, by name: "A 1 · B 0 → yes ON (0.97)". With more than
 * three outputs (one answer among many, e.g. a digit) only the outputs that are on are named:
 * "a 1 · … → 7 ON (0.83), the other 9 off".
 */
export function describeAnswer(trace, labels, threshold = 0.5) {
  const inputs = labels[0] ?? [];
  const outputs = labels.at(-1) ?? [];
  const name = (names, i, kind) => names[i] ?? `${kind} ${i + 1}`;
  const left = trace.inputs.map((v, i) => `${name(inputs, i, 'input')} ${fmt(v)}`).join(' · ');
  const outs = trace.outputs.map((o, i) => ({ name: name(outputs, i, 'output'), o, on: o >= threshold }));
  let right;
  if (outs.length <= 3) {
    right = outs.map((x) => `${x.name} ${x.on ? 'ON' : 'off'} (${x.o.toFixed(2)})`).join(', ');
  } else {
    const on = outs.filter((x) => x.on);
    if (on.length) {
      right = `${on.map((x) => `${x.name} ON (${x.o.toFixed(2)})`).join(', ')}, the other ${outs.length - on.length} off`;
    } else {
      const best = outs.reduce((a, b) => (b.o > a.o ? b : a));
      right = `none ON (closest: ${best.name} at ${best.o.toFixed(2)})`;
    }
  }
  return `${left} → ${right}`;
}
