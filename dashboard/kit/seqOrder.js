/**
 * Which is newer, a fetched state or the events around it, told by their numbers (docs/api.md,
 * "Ordering events and states"). Events come in order on one stream; a state fetched meanwhile can
 * arrive after an event newer than it: the server answered, then a press handed the story over, and
 * the `story` event overtook the reply. Shown as it came, the reply put the story back up.
 *
 * Every event carries `seq`, and a state the `seq` of the last event it reflects, so: a reply older
 * than a whole state already applied is dropped; from any other, each part that a newer event
 * delivered is left out (the page keeps what it shows), and the rest is taken. Dropping only those
 * parts keeps the weights coming while a watched run sends a `try` event for every try, which would
 * make nearly every reply older than some event. Pure, so it is tested without a browser
 * (test/dashboard/kit/seqOrder.test.ts).
 */

/** The parts of the state each event delivers whole. */
const PARTS = {
  trace: ['trace', 'inputs'],
  board: ['boards'],
  training: ['training'],
  // a try carries the run's counts (tried, kept, loss): the status on show is at least as new
  try: ['training'],
  story: ['story'],
  visitors: ['visitors'],
};

export function createSeqOrder() {
  let whole = null; // the seq of the last whole state applied (a hello or a reply); null before the first
  const delivered = new Map(); // part → the seq of the last event that delivered it

  return {
    /** An event, as it is applied: a `hello` starts again (a restarted server counts from 0 again). */
    event(name, data) {
      if (name === 'hello') {
        whole = data.seq;
        delivered.clear();
        return;
      }
      if (whole === null) return; // nothing is on show yet for an event to be newer than
      for (const part of PARTS[name] ?? []) delivered.set(part, data.seq);
    },

    /**
     * A fetched state: null when a whole state newer than it is on show; otherwise the state
     * without the parts an event newer than it delivered (merge it over what is on show).
     */
    reply(state) {
      if (whole !== null && state.seq < whole) return null;
      whole = state.seq;
      const fresh = { ...state };
      for (const [part, seq] of delivered) if (seq > state.seq) delete fresh[part];
      return fresh;
    },
  };
}
