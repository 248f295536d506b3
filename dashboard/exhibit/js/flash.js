/**
 * The flash of what a try of trial and error changed, shared by the network drawing and the story's
 * stand-in wiring drawn over it: the connections (and neurons) it touched light up, then fade.
 */

/**
 * Flashes the `marked` connections and nodes under `root`, counting flashes in `root.dataset.flashes`
 * (one count for everything drawn there). When tries come faster than the fade, only the last one's
 * timer ends the flashing: it clears every connection still lit, not only its own.
 */
export function flashMarked(root, marked) {
  for (const m of marked) {
    m.classList.remove('flash');
    void m.getBoundingClientRect(); // restart the fade when the same connection changes again
    m.classList.add('flash');
  }
  const mine = String(Number(root.dataset.flashes ?? 0) + 1);
  root.dataset.flashes = mine;
  setTimeout(() => root.dataset.flashes === mine && root.querySelectorAll('.flash').forEach((m) => m.classList.remove('flash')), 600);
}
