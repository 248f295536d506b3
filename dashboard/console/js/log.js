/**
 * The log panel: the exhibit's last log lines, newest first, bounded. A page opened after the exhibit
 * started gets the lines said before it connected (`state.log`, in every `hello`), so the start-up
 * (boards coming online, training on start) shows too; the stream's `log` events follow.
 */
import { el } from '../../kit/dom.js';
import { clockTime } from './clock.js';

const KEEP = 60;

export function createLog(list) {
  const line = (level, message, at, from) => el('li', { dataset: { level, at: String(at), from } }, `${clockTime(at)} ${message}`);
  const trim = () => {
    while (list.childElementCount > KEEP) list.lastElementChild.remove();
  };

  /** A line as it happens: the exhibit's (a `log` event) or the console's own (a failed request). */
  function add(level, message, at = Date.now(), from = 'page') {
    list.prepend(line(level, message, at, from));
    trim();
  }

  /**
   * The exhibit's own history (`state.log`, oldest first), from a `hello`: it replaces the exhibit's
   * lines shown so far (a reconnect brings them again) and keeps the console's own, in time order.
   */
  add.history = (lines) => {
    const own = [...list.children].filter((li) => li.dataset.from !== 'exhibit');
    // Newest first before a stable sort, so lines of the same millisecond keep their order.
    const all = [...own, ...[...lines].reverse().map((l) => line(l.level, l.message, l.at, 'exhibit'))];
    all.sort((a, b) => Number(b.dataset.at) - Number(a.dataset.at));
    list.replaceChildren(...all);
    trim();
  };

  return add;
}
