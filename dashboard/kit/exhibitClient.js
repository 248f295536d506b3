/**
 * The pages' one way to the exhibit, the ExhibitClient: read the state and the corpus, make the
 * changes a page offers, and follow the live events (`on`). No page calls fetch or EventSource
 * itself. Host-neutral on purpose: a host hands it `send` (one request, as docs/api.md names the
 * routes) and `listen` (the event stream), so the Node server's pages (httpClient.js) and an exhibit
 * run in the browser (its runtime in a worker) give the pages the same client.
 *
 * It also keeps replies from undoing what is newer: a fetched state from undoing the events that
 * overtook it (seqOrder.js), and a corpus fetched twice from showing the older list.
 */
import { createSeqOrder } from './seqOrder.js';

/** The events of docs/api.md; `link` ('live', 'connecting', 'lost') is the stream's own state. */
export const EVENT_NAMES = ['hello', 'trace', 'cascade', 'board', 'training', 'try', 'corpus', 'log', 'story', 'visitors', 'neurons', 'spike'];

/** A refused request, with the server's { error, message } (status 0: no answer at all). */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error ?? 'NB_ERR_HTTP';
  }
}

/**
 * `send(method, path, body)` resolves to the reply's data or rejects with an ApiError;
 * `listen(onEvent(name, data), onLink(state))` opens the event stream (which reconnects, each time
 * with a `hello`) and returns the function that closes it.
 */
export function createExhibitClient({ send, listen }) {
  const order = createSeqOrder();
  const listeners = new Map(); // event name (or 'link') → Set of functions
  let close = null;
  let corpusCalls = 0;

  const notify = (name, data) => {
    for (const fn of listeners.get(name) ?? []) fn(data);
  };
  const pressPath = (board) => `/api/boards/${encodeURIComponent(board)}/press`;

  return {
    /**
     * The exhibit's state, without the parts an event newer than it delivered (merge it over what is
     * shown), or null when the page already shows a newer whole state (seqOrder.js).
     */
    async state() {
      return order.reply(await send('GET', '/api/state'));
    },
    /** The corpus; `undefined` when a later call was made meanwhile (its reply is the one to show). */
    async corpus() {
      const mine = ++corpusCalls;
      const reply = await send('GET', '/api/corpus');
      return mine === corpusCalls ? reply : undefined;
    },
    setInputs: (values) => send('POST', '/api/inputs', { values }),
    /** A button held down (`pressed: true`) or let go, as a pointer does it. */
    press: (board, channel, pressed) => send('POST', pressPath(board), { channel, pressed }),
    /** One press and release, as a tap or a keyboard press. */
    click: (board, channel) => send('POST', pressPath(board), { channel, click: true }),
    train: (options = {}) => send('POST', '/api/train', options),
    /** "Start again from a random guess", the visitor's way (no options; open on a kiosk's own screen). */
    restartFromRandomGuess: () => send('POST', '/api/train/restart'),
    setPace: (pace) => send('PUT', '/api/train/pace', { pace }),
    /** Staff switch what the boards show: 'spiking' neurons or the 'sigmoid' network (never the visitor page: docs/api.md). */
    setNeuronModel: (model) => send('PUT', '/api/neurons', { model }),
    step: () => send('POST', '/api/train/step'),
    stopTraining: () => send('DELETE', '/api/train'),
    teach: (example) => send('POST', '/api/corpus', example),
    removeExample: (index) => send('DELETE', `/api/corpus/${index}`),
    keepExample: (index) => send('POST', `/api/corpus/${index}/keep`),
    resetCorpus: () => send('POST', '/api/corpus/reset'),
    forgetVisitors: () => send('POST', '/api/corpus/forget-visitors'),
    playStory: () => send('POST', '/api/story/play'),
    stopStory: () => send('POST', '/api/story/stop'),

    /**
     * Calls `fn(data)` for each event `name` (one of EVENT_NAMES, or 'link'); returns the function
     * that stops it. The stream opens at the first call: register a page's listeners together, before
     * anything is awaited, so the first `hello` reaches them all.
     */
    on(name, fn) {
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name).add(fn);
      close ??= listen(
        (event, data) => {
          order.event(event, data);
          notify(event, data);
        },
        (link) => notify('link', link),
      );
      return () => listeners.get(name).delete(fn);
    },
    /** Closes the event stream. */
    close() {
      close?.();
      close = null;
    },
  };
}
