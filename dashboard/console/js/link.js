/**
 * Whether the page is in touch with the server. When the live stream drops (the server stopped, the
 * Wi-Fi went), the page says so at the top, greys out what it shows (it may be stale) and disables
 * every control under `controls` (a press or a Start would only fail). The stream's next `hello`
 * (EventSource retries by itself) calls back(): the controls come back and the panels are redrawn
 * from that fresh state.
 */
import { clockTime } from './clock.js';

const time = () => clockTime(Date.now());

export function createLinkWatch({ pill, banner, controls }, { onLost, onBack }) {
  let lost = false;

  const fields = () => controls.querySelectorAll('button, select, input, textarea');
  function disable(field) {
    if (field.disabled) return;
    field.dataset.offline = 'true';
    field.disabled = true;
  }
  // A panel may enable a control while the link is down (a failed request's clean-up, a rebuilt
  // list): keep it disabled until the link is back.
  new MutationObserver((changes) => {
    if (!lost) return;
    for (const c of changes) {
      if (c.type === 'attributes' && c.target.matches?.('button, select, input, textarea')) disable(c.target);
      for (const node of c.addedNodes ?? []) if (node.querySelectorAll) [node, ...node.querySelectorAll('*')].filter((n) => n.matches?.('button, select, input, textarea')).forEach(disable);
    }
  }).observe(controls, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });

  function showPill(state) {
    pill.dataset.state = state;
    pill.textContent = state === 'lost' ? 'no contact' : state;
  }

  function goLost() {
    if (lost) return;
    lost = true;
    showPill('lost');
    document.body.dataset.link = 'lost';
    banner.textContent =
      `No contact with the exhibit server since ${time()}. What you see may be out of date, and the ` +
      'controls are off until it answers again. Retrying by itself; if it does not come back, check that neuroboard is running.';
    banner.hidden = false;
    fields().forEach(disable);
    onLost();
  }

  /** The server answered again with the whole state (the stream's `hello`). */
  function back() {
    showPill('live');
    if (!lost) return;
    lost = false;
    delete document.body.dataset.link;
    banner.hidden = true;
    banner.textContent = '';
    for (const field of fields()) {
      if (field.dataset.offline !== 'true') continue;
      delete field.dataset.offline;
      field.disabled = false;
    }
    onBack();
  }

  /** From the event stream: 'live' (open), 'connecting' or 'lost' (an error; it retries). */
  function set(state) {
    if (state === 'live') showPill(lost ? 'connecting' : 'live');
    else goLost();
  }

  return {
    set,
    back,
    get lost() {
      return lost;
    },
  };
}
