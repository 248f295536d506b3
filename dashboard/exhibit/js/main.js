/**
 * The visitor page: the state and the live stream, drawn for people standing in front of the boards,
 * through the ExhibitClient it is given at boot (boot.js).
 */
import { el } from '../../kit/dom.js';
import { answerOf } from './answer.js';
import { createCaptions } from './captions.js';
import { createDecisionMap } from './decisionMap.js';
import { createDigit } from './digit.js';
import { count, formatNumber, LANGUAGES, languageName, t, useLanguage } from './i18n.js';
import { wrongExamples } from './line.js';
import { createNetwork } from './network.js';
import { createLanguageReturn } from './languageReturn.js';
import { createPresses } from './presses.js';
import { createSpikesView } from './spikes.js';
import { answerNames, inputName, isDigitRig, nodeBoards, nodeLabels, rigTitle, storyText } from './rigNames.js';
import { createStandIn } from './standIn.js';
import { createStoryBanner } from './storyBanner.js';
import { handedOver, storyView } from './storyView.js';

/** Shows the exhibit that `client` (an ExhibitClient: kit/exhibitClient.js) reaches. */
export async function startExhibit(client) {
  const $ = (id) => document.getElementById(id);
  let state = null;
  let corpus = null;
  const kioskLanguage = new URLSearchParams(location.search).get('lang'); // the kiosk URL's ?lang=, if any
  let chosen = kioskLanguage; // a visitor's (or the kiosk URL's) choice
  let story = { playing: false }; // what the page shows of the story (storyView.js)
  let link = 'connecting';
  let lastTry = null; // the last try of the run going now
  let answerStep = null; // the answer layer as last lit (a cascade step): the answer beside the buttons

  const presses = createPresses($('presses'), $('press-note'), {
    client,
    t,
    // 503: the board was not ready after all (it went offline as the press was on its way).
    onFailed: (err) => ($('press-note').textContent = t(err?.status === 503 ? 'press.notReady' : 'press.failed')),
  });
  const network = createNetwork($('network'), { onInputPointer: (j) => presses.press(j) });
  const captions = createCaptions($('caption'), { t, count });
  const map = createDecisionMap($('map'));
  const digit = createDigit($('digit'));
  const standIn = createStandIn($('network'));
  const banner = createStoryBanner($('story'), { t: (text, vars) => storyText(state, text, vars) });

  const hiddenTitle = (l, n) => (n > 3 ? t('layer.hiddenN', { n: l }) : t('layer.hidden'));
  const layerTitle = (l, n) =>
    l === 0 ? t('layer.input') : l === n - 1 ? t('layer.output') : story.noHidden ? t('layer.switchedOff', { layer: hiddenTitle(l, n) }) : hiddenTitle(l, n);

  /** Everything drawn from the state, in the current language. */
  function render() {
    if (!state) return;
    const labels = nodeLabels(state);
    const boards = nodeBoards(state);
    const names = labels[0].map(inputName);
    $('title').textContent = rigTitle(state);
    document.title = `${rigTitle(state)} · neuroboard`;
    network.setNetwork(state, labels, boards);
    standIn.apply(story.standIn, network.shape(), Boolean(story.noHidden));
    network.setWords({
      layerTitle,
      nodeAria: (label, board, on) => t('node.aria', { name: label, board, state: t(on ? 'node.on' : 'node.off') }),
    });
    presses.set(labels[0], names, boards, state.inputs);
    renderAnswer();
    spikes?.render(state);
    renderSummary(labels);
    renderPicture(names);
    renderTally();
    captions.render();
    banner.render(story);
    $('restart').hidden = story.playing; // the story is learning now; a press takes over
    $('link').textContent = link === 'live' ? '' : t(link === 'lost' ? 'link.lost' : 'link.connecting');
    $('link').dataset.state = link;
  }

  /** The answer beside the buttons, as the answer layer last lit (not before the signal gets there). */
  function renderAnswer() {
    const blank = isDigitRig(state) && !state.inputs.some((v) => v >= 0.5);
    const answer = blank ? { kind: 'blank', key: 'answer.blank', vars: {} } : answerOf(answerStep, answerNames(state));
    $('answer').textContent = answer ? t(answer.key, answer.vars) : '';
    $('answer').dataset.kind = answer?.kind ?? '';
    $('answer').dataset.answer = answer?.kind === 'named' ? answer.vars.answer : (answer?.kind ?? '');
  }

  function renderSummary(labels) {
    const trace = state.trace;
    const fired = (l, j) => (l === 0 ? (state.inputs[j] ?? 0) >= 0.5 : Boolean(trace?.layers[l - 1]?.fired[j]));
    $('network-summary').textContent = t('network.aria', {
      summary: labels.map((names, l) => `${layerTitle(l, labels.length)}: ${names.map((n, j) => `${n} ${t(fired(l, j) ? 'node.on' : 'node.off')}`).join(', ')}`).join('. '),
    });
  }

  function renderPicture(names) {
    const twoInputs = state.rig.layers[0] === 2 && state.rig.layers.at(-1) === 1;
    $('map-area').hidden = !twoInputs;
    $('digit-area').hidden = !isDigitRig(state);
    if (twoInputs) {
      // In the one-neuron act the map is the stand-in's, with the examples that act learns.
      const shown = story.standIn
        ? { network: story.standIn, corpus: { examples: story.examples }, inputs: state.inputs, markWrong: true }
        : { network: state.network, corpus, inputs: state.inputs, markWrong: false };
      const { yes, total, line } = map.update(shown) ?? { yes: 0, total: 0, line: false };
      // A single neuron's map says what its line means, and when XOR failed, why.
      const why = story.failed ? t('map.noLine') : line ? t('map.line') : '';
      $('map').setAttribute('aria-label', `${t('map.aria', { a: names[0], b: names[1], yes: formatNumber(Math.round((100 * yes) / total)) + ' %', total: '100 %' })} ${why}`.trim());
      $('map-legend').textContent = t('map.legend', { a: names[0], b: names[1] });
      $('map-why').textContent = why;
      $('map-why').hidden = !why;
      $('map-area').dataset.failed = String(Boolean(story.failed));
    }
    if (isDigitRig(state)) {
      const lit = digit.show(state.inputs);
      $('digit').setAttribute('aria-label', t('digit.aria', { segments: lit.length ? lit.join(', ') : t('digit.none') }));
      const outs = state.trace?.layers.at(-1);
      let best = -1;
      outs?.activations.forEach((a, j) => {
        if (outs.fired[j] && (best < 0 || a > outs.activations[best])) best = j;
      });
      // Nothing lit is no digit: the network still answers something, but naming it would puzzle people.
      const blank = lit.length === 0;
      $('digit-reads').textContent = blank ? t('digit.blank') : best < 0 ? t('digit.unsure') : t('digit.reads', { answer: answerNames(state)[best] });
      $('digit-reads').dataset.answer = blank || best < 0 ? '' : answerNames(state)[best];
    }
  }

  function renderTally() {
    const s = state.training;
    if (story.standIn) return renderStandInTally(s);
    // Every example right and still learning: the error keeps falling but never reaches 0.
    const closer = s.running && lastTry !== null && lastTry.correct === lastTry.total;
    $('tally-note').textContent = closer ? t('tally.closer') : '';
    $('tally-note').hidden = !closer;
    $('tally').dataset.running = String(s.running);
    $('tally').textContent = s.running
      ? t('tally.running', {
          tried: formatNumber(s.tried ?? s.step),
          kept: formatNumber(s.kept ?? 0),
          correct: formatNumber(lastTry?.correct ?? state.corpus.correct),
          size: formatNumber(lastTry?.total ?? state.corpus.size),
          loss: formatNumber(s.loss ?? 0, 3),
        })
      : t('tally.score', { correct: formatNumber(state.corpus.correct), size: formatNumber(state.corpus.size) });
  }

  /** The one-neuron act: the tally counts the stand-in's answers, not the exhibit's own network's. */
  function renderStandInTally(s) {
    const size = story.examples.length;
    const correct = size - wrongExamples(story.standIn, story.examples).length;
    const perceptron = s.running && s.method === 'perceptron';
    $('tally-note').hidden = true;
    $('tally').dataset.running = String(s.running);
    $('tally').textContent = perceptron
      ? t('tally.perceptron', { round: formatNumber(s.step), correct: formatNumber(correct), size: formatNumber(size) })
      : t('tally.neuron', { correct: formatNumber(correct), size: formatNumber(size) });
  }

  // Weights change many times a second while training: fetch them at most twice a second. The parts
  // that events newer than the reply delivered are left as the stream left them (kit/seqOrder.js).
  let refreshing = null;
  function refreshSoon() {
    refreshing ??= setTimeout(async () => {
      try {
        const fresh = await client.state();
        if (!fresh) return; // older than the whole state on show
        state = { ...state, ...fresh };
        story = storyView(state.story, story);
        render();
      } catch {
        // the stream's reconnect brings a whole state
      } finally {
        refreshing = null;
      }
    }, 500);
  }

  async function refreshCorpus() {
    try {
      const latest = await client.corpus();
      if (!latest) return; // a later refresh is on its way
      corpus = latest;
      if (state) renderPicture(nodeLabels(state)[0].map(inputName));
    } catch {
      // drawn without the dots until the next hello
    }
  }

  async function languageSwitch() {
    const nav = $('languages');
    const buttons = await Promise.all(
      LANGUAGES.map(async (lang) => {
        const button = el('button', { type: 'button', lang, class: 'lang', dataset: { lang } }, await languageName(lang));
        button.addEventListener('click', async () => {
          chosen = lang;
          languageReturn.picked(state?.visitors);
          await switchTo(lang);
        });
        return button;
      }),
    );
    nav.replaceChildren(...buttons);
  }

  /** The exhibit went idle: the next visitor meets the kiosk's language, else the rig's. */
  const languageReturn = createLanguageReturn({ reset: () => resetLanguage() });
  async function resetLanguage() {
    chosen = kioskLanguage;
    await switchTo(kioskLanguage ?? state?.rig.language ?? 'en');
  }

  async function switchTo(lang) {
    const used = await useLanguage(lang);
    for (const b of $('languages').children) b.setAttribute('aria-pressed', String(b.dataset.lang === used));
    render();
  }

  await useLanguage(chosen ?? 'en');
  await languageSwitch();
  await switchTo(chosen ?? 'en');

  // Its listeners join the page's own here, together, before the first hello (kit/exhibitClient.js).
  const spikes = createSpikesView({ heading: $('network-h'), drawing: $('network'), network, client, t });
  client.on('hello', async (s) => {
    state = s;
    story = storyView(s.story);
    const last = s.trace?.layers.at(-1);
    answerStep = last ? { layer: s.rig.layers.length - 1, activations: last.activations, fired: last.fired } : null;
    network.showTrace(s.trace); // kept, and drawn when the render below builds the network
    // Drawn once (switchTo renders): the first drawing is on the visitor's screen sooner.
    if (chosen) render();
    else await switchTo(s.rig.language);
    await refreshCorpus();
  });
  client.on('trace', (trace) => {
    if (!state) return;
    const before = state.inputs;
    state.inputs = trace.inputs;
    state.trace = trace;
    const labels = nodeLabels(state);
    captions.onTrace(trace, trace.source, before, { inputNames: labels[0].map(inputName), answerNames: answerNames(state), sizes: state.rig.layers, segments: isDigitRig(state) });
    // A pass that plays no cascade (training trying its weights) is shown at once.
    if (trace.source === 'training') network.showTrace(trace);
    render();
  });
  client.on('cascade', (step) => {
    network.showStep(step);
    captions.onStep(step);
    if (state && step.layer === state.rig.layers.length - 1) {
      answerStep = step;
      renderAnswer();
    }
  });
  client.on('board', (b) => {
    if (!state) return;
    state.boards = state.boards.map((old) => (old.id === b.id ? b : old));
    render();
  });
  client.on('training', (s) => {
    if (!state) return;
    if (!s.running || s.step === 0) lastTry = null;
    state.training = s;
    renderTally();
    refreshSoon();
  });
  client.on('try', (e) => {
    if (!state) return;
    lastTry = e;
    state.training = { ...state.training, running: true, tried: e.tried, kept: e.kept, loss: e.loss };
    // In the one-neuron act a try changes the stand-in's weights: its wires flash.
    if (!(story.standIn && standIn.flash(e.changed))) network.flash(e.changed, state.rig.layers);
    renderTally();
    refreshSoon();
  });
  client.on('story', (s) => {
    if (!state) return;
    const before = state.story;
    state.story = s;
    story = storyView(s, story);
    // The story stopped because a visitor pressed: the page is theirs now.
    if (handedOver(before, s)) captions.say('story.handedOver');
    // Your turn: the story ends on the exhibit's own network; the map shows it before anyone presses.
    if (s.scene?.kind === 'invite' && before?.scene?.kind !== 'invite') refreshSoon();
    render();
  });
  client.on('visitors', async (v) => {
    if (!state) return;
    state.visitors = v;
    if (!v.idle) languageReturn.cancel();
    if (v.idle) await resetLanguage();
  });
  client.on('corpus', (c) => {
    if (c.outcome === 'added' || c.outcome === 'replaced') captions.onTaught();
    refreshCorpus();
    refreshSoon();
  });
  client.on('link', (next) => {
    link = next;
    render();
    if (!state) $('link').textContent = next === 'live' ? '' : t(next === 'lost' ? 'link.lost' : 'link.connecting');
  });

  $('restart').addEventListener('click', async () => {
    $('restart').disabled = true;
    try {
      lastTry = null;
      await client.restartFromRandomGuess();
      // what "What just happened" and the answer said was about the network it just forgot
      captions.onRestart();
      answerStep = null;
      renderAnswer();
    } catch {
      // the stream shows what is running; the button is there to press again
    } finally {
      $('restart').disabled = false;
    }
  });

  // A phone turned sideways (or a window resized) may want the other orientation.
  new ResizeObserver(() => state && render()).observe($('network'));
}
