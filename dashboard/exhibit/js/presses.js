/**
 * One big button per input node that a visitor can press from the page (simulated boards only; on
 * hardware the buttons are on the boards). A click, Enter or Space presses once: the browser turns
 * each of them into exactly one `click`.
 *
 * A press only counts when its board is online (the server refuses it otherwise): while a board is
 * starting, resetting or offline its button is unavailable (aria-disabled, still focusable) and the
 * note says so, and it is pressable again as soon as a `board` event says the board is online.
 */
import { el } from '../../kit/dom.js';

export function createPresses(row, note, { client, t, onFailed }) {
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
    const waiting = [];
    buttons.forEach((b, j) => {
      if (!b) return;
      b.setAttribute('aria-label', t('press.name', { name: names[j] }));
      b.setAttribute('aria-pressed', String((inputs[j] ?? 0) >= 0.5));
      const online = boards.get(`0:${j}`)?.online !== false;
      if (online) {
        b.removeAttribute('aria-disabled');
        b.removeAttribute('aria-describedby');
      } else {
        waiting.push(names[j]);
        b.setAttribute('aria-disabled', 'true');
        b.setAttribute('aria-describedby', note.id);
      }
    });
    if (note.dataset.kind === 'hardware') note.textContent = t('press.hardware');
    else if (waiting.length > 0) say('waiting', t('press.waiting', { names: waiting.join(', ') }));
    else if (note.dataset.kind === 'waiting') say('', '');
    press.boards = boards;
  }

  /** Sets the note (a live region) only when its words change, so it is not announced again at every render. */
  function say(kind, text) {
    note.dataset.kind = kind;
    if (note.textContent !== text) note.textContent = text;
  }

  function press(j) {
    const b = press.boards?.get(`0:${j}`);
    // A board that is not online would refuse the press: the note already says it is getting ready.
    if (!b || !b.online) return;
    // One request for down and up: the server holds the press long enough in the board's own time
    // (docs/api.md), and one request instead of two halves the cost against the per-client press limit.
    client.click(b.boardId, b.channel).catch((err) => onFailed(err));
  }

  return { set, press };
}
