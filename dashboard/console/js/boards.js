/**
 * The boards panel: per board its link (online, transport, round trip, last seen) and per channel
 * the node it shows, the LED level sent and (on simulated boards) the level measured on the pin.
 * Simulated boards get a button that presses the emulated button: down on pointer down, up on
 * release, in order; a keyboard press is one click.
 */
import { el } from '../../kit/dom.js';
import { ago } from './clock.js';

const HARDWARE = new Set(['serial', 'firmata']);

export function createBoardsPanel(list, { client, onError }) {
  const views = new Map(); // board id → { item, meta, channels: Map<channel, parts> }
  let lastLayer = 0;
  let offline = false; // no contact with the server (setOffline)

  function channelRow(board, c) {
    const led = el('span', { class: 'led', 'aria-hidden': 'true' });
    const sent = el('span');
    const measured = el('span');
    const numbers = el('small');
    const bars = el('div', { class: 'bars' }, el('div', { class: 'bar sent', title: 'LED level sent' }, sent));
    if (c.measuredLevel !== null) bars.append(el('div', { class: 'bar measured', title: 'LED level measured on the pin' }, measured));
    bars.append(numbers);
    // the node's name as the rig means it ("A", segment "a", digit "7"), and what kind of node it is
    const kind = c.layer === 0 ? 'input' : c.layer === lastLayer ? 'output' : 'hidden';
    const name = c.label ?? `${kind} ${c.node + 1}`;
    const role = el('span', { class: 'node-name' }, name, name.startsWith(kind) ? null : el('span', { class: 'kind' }, ` ${kind}`));
    let button = null;
    if (c.layer === 0 || c.layer === lastLayer) {
      button = el('button', {
        type: 'button',
        class: 'press',
        'aria-pressed': 'false',
        dataset: { board: board.id, channel: c.channel },
        title: c.layer === 0 ? 'press the board button (toggles the input)' : 'press: teach that the answer is the other one',
      }, 'press');
      button.setAttribute('aria-label', `press ${name}`);
      wirePress(button, board.id, c.channel);
    }
    const row = el('li', { class: 'channel', dataset: { channel: c.channel, layer: c.layer, node: c.node } }, led, el('div', {}, el('div', {}, role), bars), button ?? el('span'));
    return { row, led, sent, measured, numbers, button, layer: c.layer, node: c.node, level: c.ledLevel, measuredLevel: c.measuredLevel };
  }

  /**
   * A pointer (mouse, finger, pen) presses on down and releases on up, so a held button stays down.
   * A keyboard press (Enter, Space) is one `click` request. The board holds every press long
   * enough to count, so a quick tap whose up follows its down at once still counts.
   */
  function wirePress(button, boardId, channel) {
    let queue = Promise.resolve();
    let down = false;
    let pointerEndedAt = -Infinity;
    // Without this a phone may take two quick taps for a double-tap zoom, or a drag for a scroll.
    button.style.touchAction = 'manipulation';
    const send = (pressed) => {
      button.setAttribute('aria-pressed', String(pressed));
      queue = queue.then(() => client.press(boardId, channel, pressed)).catch(onError);
    };
    button.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || down) return;
      down = true;
      button.setPointerCapture?.(e.pointerId);
      send(true);
    });
    const release = () => {
      if (!down) return;
      down = false;
      pointerEndedAt = performance.now();
      send(false);
    };
    button.addEventListener('pointerup', release);
    button.addEventListener('pointercancel', release);
    button.addEventListener('lostpointercapture', release);
    // The click that follows a pointer press was already sent as down and up: only a click with no
    // pointer behind it (Enter, Space, assistive tech) is a press of its own.
    button.addEventListener('click', (e) => {
      if (e.detail > 0 || down || performance.now() - pointerEndedAt < 500) return;
      button.setAttribute('aria-pressed', 'false');
      queue = queue.then(() => client.click(boardId, channel)).catch(onError);
    });
  }

  function paintChannel(v) {
    v.led.style.opacity = String(0.08 + (0.92 * v.level) / 255);
    v.sent.style.width = `${(100 * v.level) / 255}%`;
    v.measured.style.width = `${(100 * (v.measuredLevel ?? 0)) / 255}%`;
    v.numbers.textContent = `sent ${v.level}` + (v.measuredLevel === null ? '' : ` · measured ${v.measuredLevel}`);
  }

  function metaText(b) {
    const rtt = b.rttMs === null ? '' : ` · ${b.rttMs.toFixed(0)} ms`;
    return `${b.id} · ${b.transport ?? '?'} · ${b.state}${rtt} · seen ${ago(b.lastSeenMs)}`;
  }

  /** Rebuilds the list from a full state. */
  function setBoards(boards, layers) {
    lastLayer = layers.length - 1;
    views.clear();
    list.replaceChildren(
      ...boards.map((b) => {
        const meta = el('span', { class: 'meta' });
        const channels = new Map();
        const rows = el('ul', { class: 'channels' });
        for (const c of b.channels) {
          const v = channelRow(b, c);
          channels.set(c.channel, v);
          rows.append(v.row);
        }
        const item = el('li', { class: 'board', dataset: { id: b.id, online: b.online } },
          el('header', {}, el('span', { class: 'dot' }), el('span', { class: 'name' }, b.name ?? b.id), meta),
          rows,
        );
        views.set(b.id, { item, meta, channels, board: b });
        update(b);
        return item;
      }),
    );
  }

  /** Applies a `board` event or a board from a fresh state. */
  function update(b) {
    const view = views.get(b.id);
    if (!view) return;
    view.board = b;
    view.item.dataset.online = String(b.online);
    view.meta.textContent = metaText(b);
    for (const c of b.channels) {
      const v = view.channels.get(c.channel);
      if (!v) continue;
      v.level = c.ledLevel;
      v.measuredLevel = c.measuredLevel;
      if (v.button && !v.button.matches(':active')) v.button.setAttribute('aria-pressed', String(c.pressed));
      const hardware = HARDWARE.has(b.transport);
      if (v.button) {
        v.button.disabled = hardware || !b.online;
        if (hardware) v.button.title = 'real hardware: press it by hand';
      }
      paintChannel(v);
    }
  }

  /** The exhibit sends each cascade step's levels to the channels bound to that layer. */
  function showStep(step) {
    for (const view of views.values()) {
      for (const v of view.channels.values()) {
        if (v.layer !== step.layer || step.levels[v.node] === undefined) continue;
        v.level = step.levels[v.node];
        paintChannel(v);
      }
    }
  }

  /** Refreshes the "last seen" words without an event. */
  function tick() {
    if (offline) return;
    for (const view of views.values()) view.meta.textContent = metaText(view.board);
  }

  /**
   * With no contact to the server nobody knows how the boards are: none shows as online, and the
   * next full state (the stream's `hello`) puts each back as it is.
   */
  function setOffline(lost) {
    offline = lost;
    if (!lost) return;
    for (const view of views.values()) {
      view.item.dataset.online = 'unknown';
      view.meta.textContent = `${view.board.id} · unknown: no contact with the server`;
    }
  }

  return { setBoards, update, showStep, tick, setOffline };
}
