/**
 * The flash of what a try of trial and error changed, shared by the network drawing and the story's
 * stand-in wiring drawn over it: the connections (and neurons) it touched light up, then fade.
 */

/** What waits for the next frame, per drawing: tries can come faster than frames (60 a second on digits7). */
const pending = new WeakMap();

/**
 * Flashes the `marked` connections and nodes under `root`, counting flashes in `root.dataset.flashes`
 * (one count per try, for everything drawn there). The tries of one frame light up together, with one
 * layout for all of them instead of one per connection: a page that forced a layout per changed
 * connection could not keep up with fast learning on a big screen. When tries come faster than the
 * fade, only the last frame's timer ends the flashing: it clears every connection still lit.
 */
export function flashMarked(root, marked) {
  root.dataset.flashes = String(Number(root.dataset.flashes ?? 0) + 1);
  let queued = pending.get(root);
  if (!queued) {
    queued = new Set();
    pending.set(root, queued);
    requestAnimationFrame(() => light(root));
  }
  for (const m of marked) queued.add(m);
}

function light(root) {
  const marked = [...pending.get(root)];
  pending.delete(root);
  for (const m of marked) m.classList.remove('flash');
  void root.getBoundingClientRect(); // restart the fade of a connection that changes again
  for (const m of marked) m.classList.add('flash');
  const mine = root.dataset.flashes;
  setTimeout(() => root.dataset.flashes === mine && root.querySelectorAll('.flash').forEach((m) => m.classList.remove('flash')), 600);
}
