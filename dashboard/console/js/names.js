/**
 * The console's answer line, with the nodes named as the rig means them (kit/nodeNames.js; digits7:
 * segments "a".."g", answers "0".."9").
 */

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
