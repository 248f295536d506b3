/**
 * The site's console puts "Connect boards" and "Flash a board" (realBoards.js, flashBoard.js) in
 * #board-source-panel, over the exhibit's worker (src/hosts/browser/exhibitWorker.ts): the port picker
 * runs here, in the page, from the click (a worker has none); the worker finds the chosen boards by the
 * ids they announce (a grant made here is in the worker's getPorts() too), reports what it found, and
 * flashes the chosen board, known by its USB ids, since a port cannot be handed to a worker.
 */
import { createFlashPanel } from './flashBoard.js';
import { createRealBoardsPanel } from './realBoards.js';
import { el } from '../../kit/dom.js';

/** Sends `message` and resolves with the first message `answer` accepts (or rejects with a `failed` of that type). */
function ask(tab, message, answer) {
  return new Promise((resolve, reject) => {
    const stop = tab.subscribe((reply) => {
      if (reply.type === 'failed' && reply.of === message.type && (reply.client === undefined || reply.client === tab.client)) {
        stop();
        reject(new Error(reply.message));
      } else if (answer(reply)) {
        stop();
        resolve(reply);
      }
    });
    tab.post(message);
  });
}

export async function mountSiteBoards(container, tab) {
  const first = await ask(tab, { type: 'realBoards', client: tab.client }, (r) => r.type === 'realBoards' && r.client === tab.client);
  let chosen = null;
  // Which boards the worker runs on now: asking again for the same reopens nothing (every board would reset).
  let kindNow = first.boards;
  tab.subscribe((m) => {
    if (m.type === 'boards') kindNow = m.kind;
    else if (m.type === 'opened' && m.boards) kindNow = m.boards;
  });
  const host = {
    webSerial: first.webSerial && 'serial' in navigator,
    choosePort() {
      // Called first thing in the click handler: the picker needs the click's user gesture.
      return navigator.serial.requestPort({ filters: first.filters }).then((port) => {
        const { usbVendorId, usbProductId } = port.getInfo();
        const hex = (n) => (n === undefined ? undefined : n.toString(16).padStart(4, '0'));
        chosen = { vendorId: hex(usbVendorId), productId: hex(usbProductId) };
        return { path: chosen.vendorId ? `USB ${chosen.vendorId}:${chosen.productId}` : 'the chosen port' };
      }, (err) => {
        throw new Error(err.name === 'NotFoundError'
          ? 'No board was chosen: the list showed no Arduino or USB serial chip, or it was closed. Plug the board in (some USB cables only charge) and try again.'
          : `The browser did not show its port list (${err.message}).`);
      });
    },
    grantedPorts: () => navigator.serial.getPorts(),
    async use(kind) {
      // A board chosen while real boards run is found at the next search; no reopen needed.
      if ((kind === 'real') === (kindNow === 'webserial')) return;
      await ask(tab, { type: 'boards', kind: kind === 'real' ? 'webserial' : 'emulated' }, (r) => r.type === 'boards');
    },
    async report() {
      const reply = await ask(tab, { type: 'realBoards', client: tab.client }, (r) => r.type === 'realBoards' && r.client === tab.client);
      return reply.report;
    },
    rigBoards: first.rigBoards,
    flash(request, to) {
      const { path: _shown, ...rest } = request;
      const stop = tab.subscribe((m) => {
        if (m.client !== tab.client) return;
        if (m.type === 'flashLine') to.line(m.text);
        else if (m.type === 'flashProgress') to.progress(m);
      });
      return ask(tab, { type: 'flash', client: tab.client, usb: chosen ?? {}, request: rest }, (r) => r.type === 'flashed' && r.client === tab.client).finally(stop);
    },
  };
  const real = el('section', { id: 'real-panel', class: 'subpanel' });
  const flash = el('section', { id: 'flash-panel', class: 'subpanel' });
  container.append(real, flash);
  // Under the site panel's "Boards" (an h3).
  createRealBoardsPanel(real, host, { heading: 'h4', sayMissing: false });
  createFlashPanel(flash, host, { heading: 'h4' });
}
