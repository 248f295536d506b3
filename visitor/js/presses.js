/**
 * One big button per input node that a visitor can press from the page (simulated boards only; on
 * hardware the buttons are on the boards). A click, Enter or Space presses once: the browser turns
 * each of them into exactly one `click`.
 */
import { pressOnce } from './api.js';
import { el } from './dom.js';

export function createPresses(row, note, { t, onFailed }) {
  let buttons = [];
  let key = '';

  function set(labels, names, boards, inputs) {
    const next = labels.map((l, j) => `${l}|${boards.get(`0:${j}`)?.boardId}|${boards.get(`0:${j}`)?.hardware}`).join();
    if (next !== key) {
      key = next;
      buttons = labels.map((label, j) => {
        const b = boards.get(`0:${j}`);
        if (!b || b.hardware) return null;
        const button = el('button', { type: 'button', class: 'press', dataset: { node: j } }, label);
        button.addEventListener('click', () => press(j));
        return button;
      });
      row.replaceChildren(...buttons.filter(Boolean));
      note.dataset.kind = buttons.some((b) => b === null) ? 'hardware' : '';
    }
    buttons.forEach((b, j) => {
      if (!b) return;
      b.setAttribute('aria-label', t('press.name', { name: names[j] }));
      b.setAttribute('aria-pressed', String((inputs[j] ?? 0) >= 0.5));
    });
    if (note.dataset.kind === 'hardware') note.textContent = t('press.hardware');
    press.boards = boards;
  }

  function press(j) {
    const b = press.boards?.get(`0:${j}`);
    if (!b) return;
    pressOnce(b.boardId, b.channel).catch(() => onFailed());
  }

  return { set, press };
}
