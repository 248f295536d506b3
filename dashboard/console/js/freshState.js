/**
 * A state fetched with GET /api/state can be older than an event that came in while it was on its
 * way: the server answered the fetch, then a press handed the story over, and the reply arrived after
 * the `story` event. Shown as it came, the page put the story back up and kept it there.
 *
 * Each part of the state that an event carries whole (the story, the inputs, the boards…) is
 * therefore taken from the fetch only when no event delivered it during the fetch. When one did, the
 * part on show is at least as new: any later change sends another event. A `hello` (the stream came
 * back with a whole state) makes every part of a fetch under way stale. Pure, so it is tested without
 * a browser (test/dashboard/freshState.test.ts).
 */
export function createFreshness() {
  let count = 0;
  const lastDelivered = new Map();
  return {
    /** An event just delivered `part` of the state whole ('*' for all of it: a hello). */
    delivered(part) {
      lastDelivered.set(part, ++count);
    },
    /**
     * Fetches the state with `get()`. Resolves with it and `stale(part)`: true when an event
     * delivered that part (or a hello everything) while the fetch was on its way.
     */
    async fetch(get) {
      const from = count;
      const fresh = await get();
      const after = (part) => (lastDelivered.get(part) ?? 0) > from;
      return { fresh, stale: (part) => after('*') || after(part) };
    },
  };
}

/** The fetched state with each stale part of `parts` taken from `shown` instead (all of it after a hello). */
export function keepNewer(shown, fresh, stale, parts) {
  if (shown && stale('*')) return shown;
  const merged = { ...fresh };
  for (const part of parts) if (shown && stale(part)) merged[part] = shown[part];
  return merged;
}

/**
 * `get` wrapped so that only the reply to the latest call is used: a corpus fetched after each of two
 * quick changes can come back out of order, and the older list must not replace the newer. Resolves
 * with the reply, or with `undefined` when a later call was made while it was on its way.
 */
export function latestOnly(get) {
  let latest = 0;
  return async (...args) => {
    const mine = ++latest;
    const reply = await get(...args);
    return mine === latest ? reply : undefined;
  };
}
