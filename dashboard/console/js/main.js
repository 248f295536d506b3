/**
 * The staff console: wires the panels to the exhibit, through the ExhibitClient it is given at boot
 * (boot.js), and to its live events. Each panel is its own module.
 */
import { createBoardsPanel } from './boards.js';
import { createCorpusPanel } from './corpus.js';
import { createDiagram } from './diagram.js';
import { createLinkWatch } from './link.js';
import { createLog } from './log.js';
import { createMembranePanel } from './membrane.js';
import { nodeLabels } from '../../kit/nodeNames.js';
import { describeAnswer } from './names.js';
import { createStoryPanel } from './story.js';
import { createTrainingPanel } from './training.js';

/** Shows the exhibit that `client` (an ExhibitClient: kit/exhibitClient.js) reaches. */
export function startConsole(client) {
  const $ = (id) => document.getElementById(id);
  const log = createLog($('log'));
  const onError = (err) => log('error', err?.message ?? String(err));

  let state = null;
  let boardIds = '';

  const diagram = createDiagram($('diagram'), {
    onInputClick: (i) => {
      if (!state || link.lost) return;
      const values = state.inputs.map((v, j) => (j === i ? (v >= 0.5 ? 0 : 1) : v));
      client.setInputs(values).catch(onError);
    },
  });
  const boards = createBoardsPanel($('boards'), { client, onError });
  const training = createTrainingPanel(
    { form: $('train-form'), method: $('train-method'), start: $('train-start'), stop: $('train-stop'), status: $('train-status'), problem: $('train-problem'), chart: $('loss-chart') },
    { client, onError },
  );
  const story = createStoryPanel(
    { visitors: $('visitors-status'), status: $('story-status'), play: $('story-play'), stop: $('story-stop'), problem: $('story-problem') },
    { client, onError },
  );
  const corpus = createCorpusPanel(
    { form: $('teach-form'), inputs: $('teach-inputs'), targets: $('teach-targets'), label: $('teach-label'), list: $('corpus'), result: $('teach-result'), score: $('corpus-score') },
    { client, onError },
  );
  createMembranePanel(
    {
      panel: $('neurons-panel'), buttons: [...$('neurons-switch').querySelectorAll('button')], agreement: $('neurons-agreement'),
      differ: $('neurons-differ'), select: $('neurons-node'), chart: $('membrane-chart'), problem: $('neurons-problem'),
    },
    { client, onError },
  );
  const link = createLinkWatch({ pill: $('link'), banner: $('offline'), controls: document.querySelector('main') }, {
    onLost: () => boards.setOffline(true),
    onBack: () => boards.setOffline(false),
  });

  function showAnswer(trace) {
    if (!trace) return;
    const threshold = Number(state?.network.layers.at(-1)?.threshold ?? 0.5);
    $('answer').textContent = describeAnswer(trace, nodeLabels(state), threshold);
  }

  /** A whole state: from `hello` (first connect, reconnect) or a refresh. */
  function applyState(s, { full = false } = {}) {
    state = s;
    const labels = nodeLabels(s);
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
  let refreshing = null;
  let lastRefresh = 0;
  function refreshState(soon = false) {
    if (refreshing || link.lost) return;
    const wait = Math.max(soon ? SOON_MS : 0, (soon ? MIN_GAP_MS : 1000) - (Date.now() - lastRefresh));
    refreshing = setTimeout(async () => {
      try {
        // Without the parts that events newer than the reply delivered: those on show are newer.
        const fresh = await client.state();
        if (fresh && !link.lost) applyState({ ...state, ...fresh });
      } catch (err) {
        if (!link.lost) onError(err);
      } finally {
        lastRefresh = Date.now();
        refreshing = null;
      }
    }, wait);
  }

  client.on('hello', (s) => {
    link.back();
    log.history(s.log ?? []);
    applyState(s, { full: true });
  });
  client.on('trace', (t) => {
    if (state) state.inputs = t.inputs;
    showAnswer(t);
    corpus.followInputs(t.inputs);
  });
  client.on('cascade', (step) => {
    diagram.showStep(step);
    boards.showStep(step);
    refreshState(true);
  });
  client.on('board', (b) => {
    if (state) state.boards = state.boards.map((old) => (old.id === b.id ? b : old));
    boards.update(b);
  });
  client.on('try', (e) => training.showTry(e));
  client.on('training', (s) => {
    if (state) state.training = s;
    training.show(s);
    refreshState();
  });
  client.on('corpus', () => {
    corpus.refresh();
    refreshState();
  });
  client.on('log', (e) => log(e.level, e.message, e.at, 'exhibit'));
  client.on('story', (st) => {
    if (state) state.story = st;
    story.show(st);
  });
  client.on('visitors', (v) => {
    if (state) state.visitors = v;
    story.showVisitors(v);
  });
  client.on('link', (stream) => link.set(stream));

  setInterval(() => {
    boards.tick();
    if (document.visibilityState === 'visible') refreshState();
  }, POLL_MS);
}
