/**
 * The API client: JSON in, JSON out, errors as ApiError carrying the server's { error, message }.
 * When the server asks for a token (401), it asks the person once through `onTokenNeeded`, keeps
 * the answer in localStorage and retries.
 */
import { latestOnly } from './freshState.js';

const TOKEN_KEY = 'neuroboard.token';

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error ?? 'NB_ERR_HTTP';
  }
}

let askToken = async () => null;

/** Sets the function that asks for a token (resolves to the token, or null when cancelled). */
export function onTokenNeeded(fn) {
  askToken = fn;
}

function headers(hasBody) {
  const h = { accept: 'application/json' };
  if (hasBody) h['content-type'] = 'application/json';
  const token = localStorage.getItem(TOKEN_KEY);
  if (token) h.authorization = `Bearer ${token}`;
  return h;
}

export async function api(method, path, body) {
  for (let attempt = 0; ; attempt++) {
    let res;
    try {
      res = await fetch(path, {
        method,
        headers: headers(body !== undefined),
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      // fetch says only "Failed to fetch": say what it means here
      throw new ApiError(0, { error: 'NB_ERR_NO_CONTACT', message: `the exhibit server does not answer (${method} ${path}); is neuroboard running?` });
    }
    const data = res.status === 204 ? null : await res.json().catch(() => null);
    if (res.ok) return data;
    if (res.status === 401 && attempt === 0) {
      const token = await askToken();
      if (token) {
        localStorage.setItem(TOKEN_KEY, token);
        continue;
      }
    }
    throw new ApiError(res.status, data);
  }
}

export const getState = () => api('GET', '/api/state');
/** The corpus; `undefined` when a later call was made meanwhile (its reply is the one to show). */
export const getCorpus = latestOnly(() => api('GET', '/api/corpus'));
export const setInputs = (values) => api('POST', '/api/inputs', { values });
export const press = (board, channel, pressed) => api('POST', `/api/boards/${encodeURIComponent(board)}/press`, { channel, pressed });
export const click = (board, channel) => api('POST', `/api/boards/${encodeURIComponent(board)}/press`, { channel, click: true });
export const startTraining = (method) => api('POST', '/api/train', { method });
export const stopTraining = () => api('DELETE', '/api/train');
export const teach = (example) => api('POST', '/api/corpus', example);
