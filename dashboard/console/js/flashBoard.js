/**
 * The console's "Flash a board" panel, on the site: pick the kind of board and the id it should have,
 * choose the board in the browser's port picker, and the page writes neuroboard's committed firmware
 * through the board's bootloader (the same STK500 code and the same lines as `neuroboard flash`,
 * src/hosts/browser/flashInWorker.ts), with a progress bar, then gives the board its id. Staff only:
 * the visitor page has nothing of this.
 *
 * `host` (src/hosts/browser/boardChoice.ts behind it):
 *   webSerial: boolean
 *   choosePort(): Promise<{ path }>     the picker, called first thing in the click handler
 *   rigBoards: { id, name }[]           the exhibit's boards, offered as ids
 *   flash(request, { line, progress }): Promise<outcome>   request: { path, board, oldBootloader, id }
 */
import { el } from '../../kit/dom.js';

/** The kinds a person picks from, as `neuroboard flash --board` (and `--old-bootloader`) takes them. */
const KINDS = [
  { value: 'uno', label: 'Uno', board: 'uno', oldBootloader: false },
  { value: 'nano', label: 'Nano', board: 'nano', oldBootloader: false },
  { value: 'nano-old', label: 'Nano (old bootloader)', board: 'nano', oldBootloader: true },
  { value: 'mega', label: 'Mega', board: 'mega', oldBootloader: false },
];

/** The flasher names a board kind as the CLI option; the page says which entry to pick instead. */
export function inPageWords(message) {
  return message.replace(/--board (\w+)( --old-bootloader)?(?: or (\w+))?/g, (_, first, old, second) => {
    const name = (value) => KINDS.find((k) => k.value === value)?.label ?? value;
    const picked = old ? 'Nano (old bootloader)' : name(first);
    return `the board kind "${picked}"${second ? ` or "${name(second)}"` : ''}`;
  });
}

export function createFlashPanel(section, host, { heading = 'h2' } = {}) {
  const kind = el('select', { id: 'flash-kind' }, ...KINDS.map((k) => el('option', { value: k.value }, k.label)));
  const idList = el('datalist', { id: 'flash-ids' }, ...host.rigBoards.map((b) => el('option', { value: b.id }, b.name ?? b.id)));
  const id = el('input', {
    id: 'flash-id',
    list: 'flash-ids',
    autocomplete: 'off',
    spellcheck: 'false',
    inputmode: 'text',
    pattern: '[0-9a-f]{8}',
    size: 10,
    placeholder: host.rigBoards[0]?.id ?? 'a0000001',
    'aria-describedby': 'flash-id-hint',
  });
  const go = el('button', { type: 'submit', id: 'flash-go', class: 'primary' }, 'Choose the board and flash it');
  const bar = el('progress', { id: 'flash-progress', max: 100, value: 0, 'aria-label': 'flashing progress' });
  const log = el('pre', { id: 'flash-log', class: 'flash-log', 'aria-live': 'polite', tabindex: 0, 'aria-label': 'what the flasher said' });
  const problem = el('p', { id: 'flash-problem', class: 'problem', role: 'alert', hidden: true });
  const form = el(
    'form',
    { class: 'row', novalidate: true },
    el('label', {}, 'Board kind', kind),
    el('label', {}, 'Board id', id),
    idList,
    go,
  );
  section.append(
    el(heading, { id: 'flash-h' }, 'Flash a board'),
    el('p', { class: 'hint' }, 'Puts neuroboard\u2019s firmware on one Arduino and gives it an id from the exhibit. Plug in only the board to flash, or pick it carefully in the list.'),
    form,
    el('p', { id: 'flash-id-hint', class: 'hint' }, 'The id is 8 characters, 0\u20139 and a\u2013f, like the exhibit\u2019s boards: ', host.rigBoards.map((b) => `${b.id} (${b.name ?? 'board'})`).join(', '), '.'),
    bar,
    log,
    problem,
  );
  section.setAttribute('aria-labelledby', 'flash-h');

  function showProblem(err) {
    problem.textContent = err ? inPageWords(`${err.message ?? err}`) : '';
    problem.hidden = !err;
  }

  if (!host.webSerial) {
    go.disabled = true;
    go.textContent = 'Flash (needs Chrome, Edge or Opera)';
    // Said once, in "Real boards"; here only what it means for flashing, as a note rather than an error.
    showProblem({ message: 'Flashing a board needs Web Serial too: open this page in Chrome, Edge or Opera on a computer or a Chromebook.' });
    problem.removeAttribute('role');
    problem.className = 'note';
    return;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const wanted = id.value.trim().toLowerCase();
    if (wanted !== '' && !/^[0-9a-f]{8}$/.test(wanted)) {
      showProblem({ message: `"${id.value}" is not a board id: it must be 8 characters, each 0\u20139 or a\u2013f (like ${host.rigBoards[0]?.id ?? 'a0000001'}).` });
      id.focus();
      return;
    }
    const picked = KINDS.find((k) => k.value === kind.value) ?? KINDS[0];
    // The picker first, while the click still counts as a user gesture.
    const chosen = host.choosePort();
    showProblem(null);
    void (async () => {
      let port;
      try {
        port = await chosen;
      } catch (err) {
        showProblem(err);
        return;
      }
      go.disabled = true;
      bar.value = 0;
      log.textContent = '';
      try {
        await host.flash(
          { path: port.path, board: picked.board, oldBootloader: picked.oldBootloader, ...(wanted ? { id: wanted } : {}) },
          {
            line: (text) => {
              log.textContent = log.textContent === '' ? text : `${log.textContent}\n${text}`;
            },
            // Writing is the first half of the bar, reading back the second.
            progress: ({ phase, done, total }) => {
              bar.value = (phase === 'write' ? 0 : 50) + (50 * done) / total;
            },
          },
        );
        bar.value = 100;
      } catch (err) {
        showProblem(err);
      } finally {
        go.disabled = false;
      }
    })();
  });
}
