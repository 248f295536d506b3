/**
 * The corpus panel (teach mode): the stored examples, and a form to add one (inputs, the answer
 * wanted, an optional label). The inputs start as whatever the network shows now, so "teach it
 * this" is one tap after setting the buttons. Each example has a ✕ to remove it, and "Reset
 * examples" puts the rig's own corpus back (the trained network stays).
 *
 * Examples visitors taught are marked "visitor": the rig forgets them politely (its
 * visitors.lessons setting). "Keep" makes one staff's for good; "Forget visitors' examples" forgets
 * them now and puts the network back as it was before their lessons. What staff teach here is kept.
 */
import { el } from '../../kit/dom.js';

const fmt = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

export function createCorpusPanel({ form, inputs, targets, label, list, result, score }, { client, onError }) {
  let shapeKey = '';
  let names = [[], []]; // the input and output nodes' names (the rig's labels)
  let edited = false;

  /** One number field per node, labelled with the node's name (digits7: segments a–g, answers 0–9). */
  function fields(fieldset, n, prefix, labels) {
    const legend = fieldset.querySelector('legend');
    fieldset.replaceChildren(legend);
    for (let i = 0; i < n; i++) {
      fieldset.append(
        el('label', {}, labels[i] ?? `${prefix} ${i + 1}`,
          el('input', { type: 'number', step: 'any', min: -1000, max: 1000, value: 0, required: true, name: `${prefix}${i}`, inputmode: 'decimal' })),
      );
    }
  }

  /** Sizes the form; `labels` = [input names, output names] (defaults when absent). */
  function setShape(inputSize, outputSize, labels = names) {
    const key = JSON.stringify([inputSize, outputSize, labels]);
    if (key === shapeKey) return;
    shapeKey = key;
    names = labels;
    fields(inputs, inputSize, 'input', labels[0] ?? []);
    fields(targets, outputSize, 'output', labels[1] ?? []);
  }

  /** Runs a corpus change, says what happened where the person pressed, and shows the new list. */
  async function change(request, said) {
    delete result.dataset.kind;
    try {
      const r = await request();
      result.textContent = said(r) + (r.training ? ': it is learning again' : '');
      await refresh();
    } catch (err) {
      result.textContent = err.message;
      result.dataset.kind = 'problem';
      onError(err);
    }
  }

  const resetButton = el('button', { type: 'button', class: 'reset', onclick: () => {
    if (confirm('Remove every taught example and put the rig\'s own examples back?')) {
      change(client.resetCorpus, (r) => `reset to the rig's ${r.size} examples`);
    }
  } }, 'Reset examples');
  const forgetButton = el('button', { type: 'button', class: 'forget', disabled: true, onclick: () => {
    if (confirm('Forget every example visitors taught, and put the network back as it was before their lessons?')) {
      change(client.forgetVisitors, (r) => (r.forgotten ? `forgot ${r.forgotten} visitors' example${r.forgotten === 1 ? '' : 's'}; ${r.size} left` : "no visitors' examples to forget"));
    }
  } }, "Forget visitors' examples");
  list.after(resetButton, ' ', forgetButton);

  const values = (fieldset) => [...fieldset.querySelectorAll('input')].map((i) => Number(i.value));

  form.addEventListener('input', () => (edited = true));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    // Staff teach here: their examples are kept when visitors' lessons are forgotten.
    const example = { inputs: values(inputs), targets: values(targets), source: 'staff' };
    if (label.value.trim()) example.label = label.value.trim();
    delete result.dataset.kind;
    try {
      const r = await client.teach(example);
      result.textContent = `${r.outcome} as example ${r.index + 1} of ${r.size}` + (r.training ? ': it got that wrong, so it is learning again' : '');
      edited = false;
      label.value = '';
      await refresh();
    } catch (err) {
      result.textContent = err.message;
      result.dataset.kind = 'problem';
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
      const corpus = await client.corpus();
      if (!corpus) return; // a later refresh is on its way
      setShape(corpus.inputSize, corpus.outputSize);
      list.replaceChildren(
        ...corpus.examples.map((x, i) => {
          const visitor = x.source === 'visitor';
          return el('li', { dataset: { index: i, source: x.source } }, `${x.inputs.map(fmt).join(', ')} → ${x.targets.map(fmt).join(', ')}`, x.label ? el('span', { class: 'label' }, `  ${x.label}`) : null,
            visitor ? el('span', { class: 'source', title: 'a visitor taught this: it is forgotten politely unless you keep it' }, 'visitor') : null,
            visitor
              ? el('button', { type: 'button', class: 'keep', title: "keep this visitor's example for good", 'aria-label': `keep example ${i + 1}`,
                  onclick: () => change(() => client.keepExample(i), () => `kept example ${i + 1}`) }, 'Keep')
              : null,
            el('button', { type: 'button', class: 'remove', title: 'remove this example', 'aria-label': `remove example ${i + 1}`,
              onclick: () => change(() => client.removeExample(i), (r) => `removed example ${i + 1}; ${r.size} left`) }, '✕'));
        }),
      );
      list.dataset.size = String(corpus.examples.length);
      const visitors = corpus.examples.filter((x) => x.source === 'visitor').length;
      list.dataset.visitors = String(visitors);
      forgetButton.disabled = visitors === 0;
    } catch (err) {
      onError(err);
    }
  }

  function setScore(corpus) {
    score.textContent = corpus ? `${corpus.correct} of ${corpus.size} right` : '';
  }

  return { refresh, setShape, followInputs, setScore };
}
