/**
 * Captions in plain words, told as the signal moves: the first sentence when the inputs change,
 * one per layer as its `cascade` step arrives, the answer last. Kept as [key, vars] so a language
 * switch can tell the same story again in the new language.
 */
export function createCaptions(el, { t, count }) {
  let parts = [['caption.idle', {}]];
  let story = null; // { names, answers, sizes } while a pass is being told
  let lead = null; // a sentence said before the next press's story (the story handing over)

  function render() {
    el.textContent = parts.map(([key, vars]) => t(key, typeof vars === 'function' ? vars() : vars)).join(' ');
    el.dataset.step = String(parts.length);
  }

  /**
   * A new pass (`trace` event). `before` are the inputs it replaced; `segments` says the inputs are
   * a digit's segments (digits7: "segment c", not "input c").
   */
  function onTrace(trace, source, before, { inputNames, answerNames, sizes, threshold, segments = false }) {
    if (!source.startsWith('button') && source !== 'api') return;
    const changed = trace.inputs.findIndex((v, i) => (v >= 0.5) !== ((before?.[i] ?? 0) >= 0.5));
    parts = [
      ...(lead ? [lead] : []),
      changed < 0
        ? ['caption.changed', {}]
        : [`caption.switched${trace.inputs[changed] >= 0.5 ? 'On' : 'Off'}${segments ? 'Segment' : ''}`, { name: inputNames[changed] }],
    ];
    lead = null;
    story = { answerNames, sizes, threshold, hiddenFired: null };
    render();
  }

  /** A layer lit (`cascade` event): say what it did. */
  function onStep(step) {
    if (!story || step.layer === 0) return;
    const { sizes, answerNames } = story;
    const last = sizes.length - 1;
    const fired = step.fired.filter(Boolean).length;
    if (step.layer < last) {
      const layer = last > 2 ? () => ({ layer: t('caption.layerHiddenN', { n: step.layer }) }) : () => ({ layer: t('caption.layerHidden') });
      const key = fired === 0 ? 'caption.hiddenNone' : fired === 1 ? 'caption.hiddenOne' : 'caption.hiddenMany';
      parts.push([key, () => ({ ...layer(), count: count(fired) })]);
      story.hiddenFired = fired;
    } else if (sizes[last] === 1) {
      // It fires with no hidden neuron firing: "adds up what it receives: it fires" would read as a
      // contradiction; say why (its bias).
      const alone = fired && story.hiddenFired === 0;
      parts.push([fired ? (alone ? 'caption.answerFiresOnItsOwn' : 'caption.answerFires') : 'caption.answerDark', {}], [fired ? 'caption.saysYes' : 'caption.saysNo', {}]);
      story = null;
    } else {
      parts.push(['caption.answersAdd', {}]);
      let best = -1;
      step.activations.forEach((a, j) => {
        if (step.fired[j] && (best < 0 || a > step.activations[best])) best = j;
      });
      parts.push(best < 0 ? ['caption.unsure', {}] : ['caption.reads', { answer: answerNames[best] }]);
      story = null;
    }
    render();
  }

  /** The network started again from a random guess: what was said described the network it forgot. */
  function onRestart() {
    lead = null;
    parts = [['caption.restarted', {}]];
    story = null;
    render();
  }

  /** Teach mode: a visitor added an example. */
  function onTaught() {
    lead = null;
    parts = [['caption.taught', {}]];
    story = null;
    render();
  }

  /**
   * The story handed the exhibit over: said at once, and again as the first sentence of the press
   * that took it over (which usually follows within a moment and would otherwise replace it).
   */
  function say(key) {
    lead = [key, {}];
    parts = [lead];
    story = null;
    render();
  }

  render();
  return { onTrace, onStep, onTaught, onRestart, say, render };
}
