/**
 * The console's panel for an exhibit that runs in this browser (the static site; the Node host's
 * console has no such panel): which rig runs (the shipped ones, or a rig file opened from disk, with
 * `neuroboard check`'s messages when it is wrong), "Download the exhibit" and "Open an exhibit file"
 * in the Node host's state file format, whether this tab runs the exhibit or follows another tab,
 * and the boards: emulated in the page, and a place (#board-source-panel) for the panel that
 * connects real boards over Web Serial, with a plain word when this browser has no Web Serial.
 */
import { el } from '../../kit/dom.js';
import { NO_WEB_SERIAL_TEXT } from './realBoards.js';
import { mountSiteBoards } from './siteBoards.js';

const EMULATED = 'Emulated in this page: the real firmware runs behind the real bootloaders, at real time.';
const REAL = 'Real boards, over USB: the ones chosen with "Connect boards", found by the ids their firmware announces.';

/** Reads a file the person chose, as text. */
const readChosen = (input) => input.files?.[0]?.text().then((text) => ({ name: input.files[0].name, text }));

/** Adds the panel at the top of `main`; `tab` is the line to the exhibit (kit/siteTab.js). */
export function createSitePanel(main, tab) {
  document.body.dataset.host = 'site';
  const rigSelect = el('select', { id: 'site-rig', name: 'rig' });
  const problem = el('pre', { id: 'site-problem', class: 'problem', role: 'alert', hidden: true });
  const status = el('p', { id: 'site-status', class: 'status', 'aria-live': 'polite' });
  const role = el('p', { id: 'site-role', class: 'status' });
  const rigFile = el('input', { id: 'site-rig-file', type: 'file', accept: '.json,application/json', hidden: true });
  const stateFile = el('input', { id: 'site-state-file', type: 'file', accept: '.json,application/json', hidden: true });
  let shipped = [];

  const showProblem = (message) => {
    problem.textContent = message ?? '';
    problem.hidden = !message;
  };
  /** Sends a request of this panel; the last one's problem goes, this one's answer shows. */
  const ask = (message) => {
    showProblem(null);
    tab.post(message);
  };

  const panel = el(
    'section',
    { id: 'site-panel', class: 'panel wide', 'aria-labelledby': 'site-h' },
    el('h2', { id: 'site-h' }, 'This browser’s exhibit'),
    role,
    el(
      'div',
      { class: 'row' },
      el('label', {}, 'rig ', rigSelect),
      el('button', { id: 'site-open-rig', type: 'button', onclick: () => ask({ type: 'open', rig: rigSelect.value }) }, 'Open this rig'),
      el('button', { id: 'site-open-rig-file', type: 'button', onclick: () => rigFile.click() }, 'Open a rig file'),
      rigFile,
    ),
    el(
      'div',
      { class: 'row' },
      el('button', { id: 'site-download', type: 'button', onclick: () => ask({ type: 'download', client: tab.client }) }, 'Download the exhibit'),
      el('button', { id: 'site-open-state', type: 'button', onclick: () => stateFile.click() }, 'Open an exhibit file'),
      stateFile,
    ),
    status,
    problem,
    el('h3', { id: 'board-source-h' }, 'Boards'),
    el('p', { id: 'board-source-now', class: 'status' }, EMULATED),
    el('p', { id: 'web-serial-missing', class: 'note', hidden: 'serial' in navigator }, NO_WEB_SERIAL_TEXT),
    // The Web Serial panels ("Connect boards", "Flash a board").
    el('div', { id: 'board-source-panel' }),
  );
  main.prepend(panel);
  const boardsNow = panel.querySelector('#board-source-now');
  const boardsPanel = panel.querySelector('#board-source-panel');
  let boardsMounted = false;

  rigFile.addEventListener('change', async () => {
    const file = await readChosen(rigFile);
    rigFile.value = '';
    if (file) ask({ type: 'open', rigFile: file });
  });
  stateFile.addEventListener('change', async () => {
    const file = await readChosen(stateFile);
    stateFile.value = '';
    if (file) ask({ type: 'import', client: tab.client, ...file });
  });

  tab.onRole((r) => {
    role.textContent = r === 'owner' ? 'This tab runs the exhibit; other tabs of this site follow it.' : 'Another tab runs the exhibit: this one follows it, and takes over if that tab closes.';
  });
  tab.subscribe((message) => {
    if (message.type === 'opened' && !boardsMounted) {
      boardsMounted = true;
      mountSiteBoards(boardsPanel, tab).catch((err) => showProblem(`The real-boards panels did not start: ${err.message}`));
    }
    if ((message.type === 'opened' && (message.client === undefined || message.client === tab.client)) || message.type === 'boards') {
      const kind = message.type === 'boards' ? message.kind : message.boards;
      boardsNow.textContent = kind === 'webserial' ? REAL : EMULATED;
    }
    if (message.type === 'opened' && (message.client === undefined || message.client === tab.client)) {
      if (message.shipped.join() !== shipped.join()) {
        shipped = message.shipped;
        rigSelect.replaceChildren(...shipped.map((name) => el('option', { value: name }, name)));
      }
      rigSelect.value = message.rig;
      // A title may end a sentence itself ("XOR: is exactly one button on?"): no full stop after it then.
      const title = /[.?!]$/.test(message.title) ? message.title : `${message.title}.`;
      status.textContent = `Running rig "${message.rig}": ${title} Saved in this browser as it changes.`;
      showProblem(message.warnings.length ? message.warnings.join('\n') : null);
    } else if (message.type === 'failed' && (message.client === undefined || message.client === tab.client)) {
      showProblem(message.message);
    } else if (message.type === 'download' && message.client === tab.client) {
      const url = URL.createObjectURL(new Blob([message.text], { type: 'application/json' }));
      const a = el('a', { href: url, download: message.name });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      status.textContent = `Downloaded ${message.name}: open it here, or on a neuroboard server (its data folder).`;
    }
  });
  return panel;
}
