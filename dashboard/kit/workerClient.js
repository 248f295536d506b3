/**
 * The ExhibitClient (exhibitClient.js) of the static site, where the exhibit runs in a worker of
 * this browser (src/hosts/browser/exhibitWorker.ts) instead of on a server: the same requests, by
 * method and path as docs/api.md names them, sent as messages, and the same numbered events, each
 * stream starting with a `hello`. The messages go through a `line` (siteTab.js): straight to the
 * worker in the tab that owns the exhibit, over a BroadcastChannel to it from the others. Nothing
 * here sends a request to /api/…: there is no server.
 */
import { ApiError, createExhibitClient } from './exhibitClient.js';

/**
 * `line.post(message)` sends to the worker; `line.subscribe(fn)` calls fn with every message from it
 * and returns the function that stops; `line.client` names this tab (replies and hellos for it).
 */
export function createWorkerClient(line) {
  let nextId = 1;
  const waiting = new Map(); // request id → { resolve, reject }
  line.subscribe((message) => {
    if (message.type !== 'reply' || message.client !== line.client) return;
    const pending = waiting.get(message.id);
    if (!pending) return;
    waiting.delete(message.id);
    const body = message.json === undefined ? null : JSON.parse(message.json);
    if (message.status >= 200 && message.status < 300) pending.resolve(body);
    else pending.reject(new ApiError(message.status, body));
  });

  function send(method, path, body) {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      line.post({ type: 'request', client: line.client, id, method, path, ...(body === undefined ? {} : { body }) });
    });
  }

  /** When the exhibit goes (its tab closed), the requests waiting on it fail as a lost connection does. */
  function failWaiting() {
    for (const { reject } of waiting.values()) reject(new ApiError(0, { error: 'NB_ERR_NO_CONTACT', message: 'the tab running the exhibit closed; another takes over in a moment' }));
    waiting.clear();
  }

  function listen(onEvent, onLink) {
    let live = false; // events before this tab's hello are from before it looked: a stream starts with hello
    let showing = 0; // the generation of the exhibit whose hello this tab has
    let asked = false; // a listen is on its way: the worker answers it in order, after any open before it
    const ask = () => {
      asked = true;
      line.post({ type: 'listen', client: line.client });
    };
    const stop = line.subscribe((message) => {
      if (message.type === 'opened' && message.client === undefined && message.generation > showing && !asked) {
        // A new exhibit (another rig, an opened file, another tab took over): its stream starts again.
        ask();
      } else if (message.type === 'link') {
        if (message.state !== 'live') {
          live = false;
          asked = false;
          showing = 0; // the next exhibit may be another worker's, which counts from 1 again
          failWaiting();
        }
        onLink(message.state);
      } else if (message.type === 'event' && (message.client === undefined || message.client === line.client)) {
        if (message.name === 'hello') {
          live = true;
          asked = false;
          showing = message.generation;
          onLink('live');
        } else if (!live) {
          return;
        }
        onEvent(message.name, JSON.parse(message.json));
      }
    });
    onLink('connecting');
    ask();
    return stop;
  }

  return createExhibitClient({ send, listen });
}
