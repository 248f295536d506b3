/**
 * The ExhibitClient (exhibitClient.js) of pages served by the Node host: requests with fetch to the
 * server that served the page, events with EventSource (which reconnects by itself; every connection
 * starts with a `hello`). A staff page passes `askToken`: the client then sends the staff token this
 * browser keeps, and asks for one when the server answers 401 (docs/api.md, Access). The visitor page
 * passes none and never sends a token, whatever this browser keeps.
 */
import { ApiError, EVENT_NAMES, createExhibitClient } from './exhibitClient.js';

const TOKEN_KEY = 'neuroboard.token';

/** `askToken()` resolves to a token typed by staff, or null when they cancel. */
export function createHttpClient({ askToken } = {}) {
  const staff = typeof askToken === 'function';

  function headers(hasBody) {
    const h = { accept: 'application/json' };
    if (hasBody) h['content-type'] = 'application/json';
    const token = staff ? localStorage.getItem(TOKEN_KEY) : null;
    if (token) h.authorization = `Bearer ${token}`;
    return h;
  }

  async function send(method, path, body) {
    for (let attempt = 0; ; attempt++) {
      let res;
      try {
        res = await fetch(path, { method, headers: headers(body !== undefined), body: body === undefined ? undefined : JSON.stringify(body) });
      } catch {
        // fetch says only "Failed to fetch": say what it means here
        throw new ApiError(0, { error: 'NB_ERR_NO_CONTACT', message: `the exhibit server does not answer (${method} ${path}); is neuroboard running?` });
      }
      const data = res.status === 204 ? null : await res.json().catch(() => null);
      if (res.ok) return data;
      if (staff && res.status === 401 && attempt === 0) {
        const token = await askToken();
        if (token) {
          localStorage.setItem(TOKEN_KEY, token);
          continue;
        }
      }
      throw new ApiError(res.status, data);
    }
  }

  function listen(onEvent, onLink) {
    const source = new EventSource('/api/events');
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (e) => {
        let data;
        try {
          data = JSON.parse(e.data);
        } catch {
          return;
        }
        onEvent(name, data);
      });
    }
    source.onopen = () => onLink('live');
    source.onerror = () => onLink(source.readyState === EventSource.CLOSED ? 'lost' : 'connecting');
    return () => source.close();
  }

  return createExhibitClient({ send, listen });
}
