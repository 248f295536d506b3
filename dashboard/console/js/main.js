/** Wires the panels to the API and the live stream. Each panel is its own module. */
import { getState, onTokenNeeded, setInputs } from './api.js';
import { createBoardsPanel } from './boards.js';
import { createCorpusPanel } from './corpus.js';
import { createDiagram } from './diagram.js';
import { connectEvents } from './events.js';
import { createFreshness, keepNewer } from './freshState.js';
import { createLinkWatch } from './link.js';
import { createLog } from './log.js';
import { describeAnswer, labelsOf } from './names.js';
import { createStoryPanel } from './story.js';
import { createTrainingPanel } from './training.js';

const $ = (id) => document.getElementById(id);
const log = createLog($('log'));
const onError = (err) => log('error', err?.message ?? String(err));

let state = null;
let boardIds = '';

const diagram = createDiagram($('diagram'), {
  onInputClick: (i) => {
    if (!state || link.lost) return;
    const values = state.inputs.map((v, j) => (j === i ? (v >= 0.5 ? 0 : 1) : v));
    setInputs(values).catch(onError);
  },
});
const boards = createBoardsPanel($('boards'), { onError });
const training = createTrainingPanel(
  { form: $('train-form'), method: $('train-method'), start: $('train-start'), stop: $('train-stop'), status: $('train-status'), problem: $('train-problem'), chart: $('loss-chart') },
  { onError },
);
const story = createStoryPanel(
  { visitors: $('visitors-status'), status: $('story-status'), play: $('story-play'), stop: $('story-stop'), problem: $('story-problem') },
  { onError },
);
const corpus = createCorpusPanel(
  { form: $('teach-form'), inputs: $('teach-inputs'), targets: $('teach-targets'), label: $('teach-label'), list: $('corpus'), result: $('teach-result'), score: $('corpus-score') },
  { onError },
);
const link = createLinkWatch({ pill: $('link'), banner: $('offline'), controls: document.querySelector('main') }, {
  onLost: () => boards.setOffline(true),
  onBack: () => boards.setOffline(false),
});

function showAnswer(trace) {
  if (!trace) return;
  const threshold = Number(state?.network.layers.at(-1)?.threshold ?? 0.5);
  $('answer').textContent = describeAnswer(trace, labelsOf(state), threshold);
}

/** A whole state: from `hello` (first connect, reconnect) or a refresh. */
function applyState(s, { full = false } = {}) {
  state = s;
  const labels = labelsOf(s);
  $('rig-title').textContent = s.rig.title;
  document.title = `neuroboard · ${s.rig.name}`;
  diagram.setNetwork(s.network, labels);
  const ids = s.boards.map((b) => b.id).join();
  if (ids !== boardIds) {
    boardIds = ids;
    boards.setBoards(s.boards, s.rig.layers);
  } else {
    s.boards.forEach(boards.update);
  }
  if (full) {
    diagram.showTrace(s.trace);
    showAnswer(s.trace);
    corpus.setShape(s.rig.layers[0], s.rig.layers.at(-1), [labels[0], labels.at(-1)]);
    corpus.followInputs(s.inputs);
    corpus.refresh();
  }
  training.show(s.training);
  story.show(s.story);
  story.showVisitors(s.visitors);
  corpus.setScore(s.corpus);
}

/*
 * Weights change while training and LED measurements change on their own: the state is fetched
 * again now and then, not on every event. After the LEDs change (a cascade step) it is fetched soon
 * (SOON_MS), so "measured" follows "sent" within a fraction of a second instead of waiting for the
 * 3-second poll; at most once every MIN_GAP_MS, so training's steady cascades do not flood the server.
 */
const SOON_MS = 150;
const MIN_GAP_MS = 400;
const POLL_MS = 3000;
/** The parts the stream delivers whole: a fetch keeps them as the stream left them if it delivered them meanwhile. */
const STREAMED = ['inputs', 'boards', 'training', 'story', 'visitors'];
const freshness = createFreshness();
let refreshing = null;
let lastRefresh = 0;
function refreshState(soon = false) {
  if (refreshing || link.lost) return;
  const wait = Math.max(soon ? SOON_MS : 0, (soon ? MIN_GAP_MS : 1000) - (Date.now() - lastRefresh));
  refreshing = setTimeout(async () => {
    try {
      const { fresh, stale } = await freshness.fetch(getState);
      if (!link.lost) applyState(keepNewer(state, fresh, stale, STREAMED));
    } catch (err) {
      if (!link.lost) onError(err);
    } finally {
      lastRefresh = Date.now();
      refreshing = null;
    }
  }, wait);
}

connectEvents(
  {
    hello: (s) => {
      freshness.delivered('*');
      link.back();
      applyState(s, { full: true });
    },
    trace: (t) => {
      freshness.delivered('inputs');
      if (state) state.inputs = t.inputs;
      showAnswer(t);
      corpus.followInputs(t.inputs);
    },
    cascade: (step) => {
      diagram.showStep(step);
      boards.showStep(step);
      refreshState(true);
    },
    board: (b) => {
      freshness.delivered('boards');
      if (state) state.boards = state.boards.map((old) => (old.id === b.id ? b : old));
      boards.update(b);
    },
    try: (e) => training.showTry(e),
    training: (s) => {
      freshness.delivered('training');
      if (state) state.training = s;
      training.show(s);
      refreshState();
    },
    corpus: () => {
      corpus.refresh();
      refreshState();
    },
    log: (e) => log(e.level, e.message, e.at),
    story: (st) => {
      freshness.delivered('story');
      if (state) state.story = st;
      story.show(st);
    },
    visitors: (v) => {
      freshness.delivered('visitors');
      if (state) state.visitors = v;
      story.showVisitors(v);
    },
  },
  (state) => link.set(state),
);

setInterval(() => {
  boards.tick();
  if (document.visibilityState === 'visible') refreshState();
}, POLL_MS);

const dialog = $('token-dialog');
onTokenNeeded(
  () =>
    new Promise((resolve) => {
      $('token-input').value = '';
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok' ? $('token-input').value.trim() : null), { once: true });
      dialog.showModal();
    }),
);
