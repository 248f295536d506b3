/** Times as the console says them everywhere: a time of day (14:03:27) and how long ago ("2 s ago"). */

/** A time of day: 14:03:27. */
export const clockTime = (ms) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** A duration in words for "last seen" (e.g. "2 s ago"). */
export function ago(ms) {
  if (ms === null || ms === undefined) return 'never';
  const s = Math.max(0, (Date.now() - ms) / 1000);
  if (s < 1) return 'just now';
  if (s < 90) return `${Math.round(s)} s ago`;
  return `${Math.round(s / 60)} min ago`;
}
