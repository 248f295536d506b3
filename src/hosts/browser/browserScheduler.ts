/**
 * The Scheduler (src/platform/scheduler.ts) in a browser tab or a dedicated worker, where the
 * emulated boards, the flasher and (later) the runtime run on the site.
 *
 * - `yield()` posts a message to itself through a MessageChannel: a message task runs as soon as the
 *   event loop has run what was already waiting, with no delay of its own. `setTimeout(…, 0)` would
 *   not do: from the sixth nested timer on, the HTML timer rules make it wait at least 4 ms.
 * - Timers are the host's own. Browsers throttle them in a hidden page: in Chrome, timers of a hidden
 *   page wake at most once a second, and after 5 minutes hidden (silent, no WebRTC) chained timers
 *   wake once a minute ("Heavy throttling of chained JS timers beginning in Chrome 88",
 *   developer.chrome.com/blog/timer-throttling-in-chrome-88). Chrome does not throttle dedicated
 *   workers' timers (its worker-throttling intervention, chromestatus.com/feature/6334419736461312,
 *   never shipped), nor messages, which are not timers. So the emulated boards run in a dedicated
 *   worker, and everything there waits on data (a read, a message), never on a polling timer: a
 *   hidden tab keeps them at real time. A frozen or discarded tab (memory saver, a phone's background)
 *   stops everything, worker included; the boards then fall behind (SimClock caps the catch-up) and the
 *   real boards' host-silence watchdog shows the idle animation until the tab comes back.
 * - `now()` is performance.now(): monotonic, as the Scheduler requires.
 * - `keepAlive()` has nothing to hold: a page or worker lives as long as it is open.
 */
import type { Scheduler, TimerHandle } from '../../platform/scheduler.js';

/** Resolvers waiting for their message, oldest first (each posted message wakes exactly one). */
const waiting: (() => void)[] = [];
let channel: InstanceType<typeof MessageChannel> | null = null;

function post(): void {
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.addEventListener('message', () => waiting.shift()?.());
    channel.port1.start();
  }
  channel.port2.postMessage(null);
}

export const browserScheduler: Scheduler = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms) as unknown as TimerHandle,
  clearTimeout: (handle) => globalThis.clearTimeout(handle as unknown as number),
  yield: () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      post();
    }),
  keepAlive: () => () => undefined,
};
