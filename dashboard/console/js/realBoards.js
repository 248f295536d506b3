/**
 * The console's "Real boards" panel, on the site (the exhibit in the browser): "Connect boards" asks
 * the browser's port picker for the Arduinos plugged in (it must run from the click: Web Serial wants a
 * user gesture), then runs the exhibit on them; "Back to emulated boards" returns. It says what was
 * found and what is missing in plain sentences, and remembers the choice: on the next visit the boards
 * chosen before come back with no picker (getPorts()). Without Web Serial it says which browsers have it,
 * and the emulated boards keep running.
 *
 * `host` is whatever runs the exhibit (src/hosts/browser/boardChoice.ts behind it):
 *   webSerial: boolean
 *   choosePort(): Promise<port>          the picker, called first thing in the click handler
 *   grantedPorts(): Promise<port[]>      the ports chosen on earlier visits, plugged in now
 *   use(kind): Promise<void>             'real' | 'emulated'
 *   report(): Promise<{ summary, lines: { tone, text }[] } | null>
 */
import { el } from '../../kit/dom.js';

/** Where the choice is remembered between visits (this browser only). */
const CHOICE_KEY = 'neuroboard.boards';
const REPORT_EVERY_MS = 1000;

/** Where Web Serial is, in words (docs/browser.md, "Honest limits"). */
export const NO_WEB_SERIAL_TEXT =
  'This browser has no Web Serial, so it cannot reach real boards: use Chrome, Edge or Opera on a computer or a Chromebook ' +
  '(Android Chrome reaches only Uno R3 and Mega boards; Firefox needs an add-on; Safari has none). The emulated boards run here all the same.';

const TONE_WORDS = { found: 'Working', starting: 'Starting', missing: 'Missing', other: 'Also plugged in' };

export function createRealBoardsPanel(section, host, { heading = 'h2', sayMissing = true } = {}) {
  const connect = el('button', { type: 'button', id: 'connect-boards', class: 'primary' }, 'Connect boards');
  const back = el('button', { type: 'button', id: 'use-emulated', hidden: true }, 'Back to emulated boards');
  const using = el('p', { id: 'boards-in-use', class: 'status', 'aria-live': 'polite' });
  const summary = el('p', { id: 'real-summary', class: 'status', 'aria-live': 'polite' });
  const lines = el('ul', { id: 'real-lines', class: 'real-lines' });
  const problem = el('p', { id: 'real-problem', class: 'problem', role: 'alert', hidden: true });
  section.append(
    el(heading, { id: 'real-h' }, 'Real boards'),
    el('p', { class: 'hint' }, 'Plug the exhibit\u2019s Arduino boards into this computer with USB cables, then connect them.'),
    el('div', { class: 'row' }, connect, back),
    using,
    summary,
    lines,
    problem,
  );
  section.setAttribute('aria-labelledby', 'real-h');

  let timer = null;
  let inUse = 'emulated';

  function showProblem(err) {
    problem.textContent = err ? `${err.message ?? err}` : '';
    problem.hidden = !err;
  }

  function showUsing() {
    using.textContent =
      inUse === 'real' ? 'The exhibit runs on the real boards.' : 'The exhibit runs on emulated boards in this page.';
    back.hidden = inUse !== 'real';
    connect.textContent = inUse === 'real' ? 'Connect more boards' : 'Connect boards';
    if (inUse !== 'real') {
      summary.textContent = '';
      lines.replaceChildren();
    }
  }

  async function refreshReport() {
    const report = inUse === 'real' ? await host.report() : null;
    if (!report) return;
    summary.textContent = report.summary;
    lines.replaceChildren(
      ...report.lines.map((line) =>
        el('li', { dataset: { tone: line.tone } }, el('strong', {}, `${TONE_WORDS[line.tone] ?? ''}: `), line.text),
      ),
    );
  }

  function follow() {
    clearInterval(timer);
    timer = inUse === 'real' ? setInterval(() => refreshReport().catch(showProblem), REPORT_EVERY_MS) : null;
  }

  async function use(kind) {
    connect.disabled = true;
    back.disabled = true;
    try {
      await host.use(kind);
      inUse = kind;
      localStorage.setItem(CHOICE_KEY, kind);
      showProblem(null);
    } catch (err) {
      showProblem(err);
    } finally {
      connect.disabled = false;
      back.disabled = false;
      showUsing();
      follow();
      await refreshReport().catch(showProblem);
    }
  }

  if (!host.webSerial) {
    showUsing();
    connect.disabled = true;
    connect.textContent = 'Connect boards (needs Chrome, Edge or Opera)';
    // Where the page already says it (the site panel's #web-serial-missing), the button's words suffice.
    if (sayMissing) showProblem({ message: NO_WEB_SERIAL_TEXT });
    problem.removeAttribute('role');
    problem.className = 'note';
    summary.hidden = true;
    return { dispose() {} };
  }

  connect.addEventListener('click', () => {
    // The picker first, while the click still counts as a user gesture.
    const chosen = host.choosePort();
    chosen.then(
      () => use('real'),
      (err) => showProblem(err),
    );
  });
  back.addEventListener('click', () => void use('emulated'));

  showUsing();
  // A returning visit: the boards chosen before are granted still, so no picker is needed.
  if (localStorage.getItem(CHOICE_KEY) === 'real') {
    host.grantedPorts().then((ports) => (ports.length > 0 ? use('real') : undefined), showProblem);
  }
  return {
    dispose() {
      clearInterval(timer);
    },
  };
}
