/** The log panel: the exhibit's last log lines, newest first, bounded. */
import { el } from '../../kit/dom.js';
import { clockTime } from './clock.js';

const KEEP = 60;

export function createLog(list) {
  return function add(level, message, at = Date.now()) {
    const time = clockTime(at);
    list.prepend(el('li', { dataset: { level } }, `${time} ${message}`));
    while (list.childElementCount > KEEP) list.lastElementChild.remove();
  };
}
