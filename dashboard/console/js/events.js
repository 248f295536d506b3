/**
 * The live event stream. EventSource reconnects by itself; each (re)connection starts with a
 * `hello` event holding the whole state, so nothing missed while away stays stale.
 */
const EVENTS = ['hello', 'trace', 'cascade', 'board', 'training', 'try', 'corpus', 'log', 'story', 'visitors'];

/** `handlers[name](data)` for each event; `onLink('live' | 'connecting' | 'lost')` for the link. */
export function connectEvents(handlers, onLink) {
  const source = new EventSource('/api/events');
  for (const name of EVENTS) {
    source.addEventListener(name, (e) => {
      let data;
      try {
        data = JSON.parse(e.data);
      } catch {
        return;
      }
      handlers[name]?.(data);
    });
  }
  source.onopen = () => onLink('live');
  source.onerror = () => onLink(source.readyState === EventSource.CLOSED ? 'lost' : 'connecting');
  return () => source.close();
}
