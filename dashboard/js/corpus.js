/**
 * The corpus panel (teach mode): the stored examples, and a form to add one (inputs, the answer
 * wanted, an optional label). The inputs start as whatever the network shows now, so "teach it
 * this" is one tap after setting the buttons.
 */
import { getCorpus, teach } from './api.js';
import { el } from './dom.js';

const fmt = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

export function createCorpusPanel({ form, inputs, targets, label, list, result, score }, { onError }) {
  let sizes = [0, 0];
  let edited = false;

  function fields(fieldset, n, prefix) {
    const legend = fieldset.querySelector('legend');
    fieldset.replaceChildren(legend);
    for (let i = 0; i < n; i++) {
      fieldset.append(
        el('label', {}, `${n > 1 ? i + 1 : prefix}`,
          el('input', { type: 'number', step: 'any', min: -1000, max: 1000, value: 0, required: true, name: `${prefix}${i}`, inputmode: 'decimal' })),
      );
    }
  }

  function setShape(inputSize, outputSize) {
    if (inputSize === sizes[0] && outputSize === sizes[1]) return;
    sizes = [inputSize, outputSize];
    fields(inputs, inputSize, 'in');
    fields(targets, outputSize, 'out');
  }

  const values = (fieldset) => [...fieldset.querySelectorAll('input')].map((i) => Number(i.value));

  form.addEventListener('input', () => (edited = true));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const example = { inputs: values(inputs), targets: values(targets) };
    if (label.value.trim()) example.label = label.value.trim();
    try {
      const r = await teach(example);
      result.textContent = `${r.outcome} as example ${r.index + 1} of ${r.size}` + (r.training ? ': it got that wrong, so it is learning again' : '');
      edited = false;
      label.value = '';
      await refresh();
    } catch (err) {
      result.textContent = err.message;
      onError(err);
    }
  });

  /** Shows the inputs the network sees now, unless someone is typing. */
  function followInputs(current) {
    if (edited || form.contains(document.activeElement)) return;
    inputs.querySelectorAll('input').forEach((input, i) => {
      if (current[i] !== undefined) input.value = fmt(current[i]);
    });
  }

  async function refresh() {
    try {
      const corpus = await getCorpus();
      setShape(corpus.inputSize, corpus.outputSize);
      list.replaceChildren(
        ...corpus.examples.map((x, i) =>
          el('li', { dataset: { index: i } }, `${x.inputs.map(fmt).join(', ')} → ${x.targets.map(fmt).join(', ')}`, x.label ? el('span', { class: 'label' }, `  ${x.label}`) : null),
        ),
      );
      list.dataset.size = String(corpus.examples.length);
    } catch (err) {
      onError(err);
    }
  }

  function setScore(corpus) {
    score.textContent = corpus ? `${corpus.correct} of ${corpus.size} right` : '';
  }

  return { refresh, setShape, followInputs, setScore };
}
