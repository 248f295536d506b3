/** The little of the API the visitor page uses, and the live event stream (docs/api.md). */
import { latestOnly } from '../../console/js/freshState.js';

async function call(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw Object.assign(new Error(data?.message ?? `HTTP ${res.status}`), { status: res.status });
  return data;
}

export const getState = () => call('GET', '/api/state');
/** The corpus; `undefined` when a later call was made meanwhile (its reply is the one to show). */
export const getCorpus = latestOnly(() => call('GET', '/api/corpus'));

/** One press of a board's button, as a visitor's finger makes it: down, then up, as one `click` request. */
export async function pressOnce(board, channel) {
  // The server holds the press long enough in the board's own time (docs/api.md), and one request
  // instead of two halves the cost against the per-client press rate limit.
  await call('POST', `/api/boards/${encodeURIComponent(board)}/press`, { channel, click: true });
}

/** "Start again from a random guess": the server stops a run going, then learns from a fresh guess at a pace people can watch. */
export const startFromRandomGuess = () => call('POST', '/api/train/restart');

// The console's stream client (served at the root): one place that knows the events and reconnects,
// and one that keeps a fetched state from undoing newer events.
export { connectEvents } from '../../console/js/events.js';
export { createFreshness, keepNewer } from '../../console/js/freshState.js';
