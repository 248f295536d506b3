/**
 * The Scheduler (src/platform/scheduler.ts) in a browser tab or a dedicated worker, where the
 * emulated boards, the flasher and (later) the runtime run on the site.
 *
 * - `yield()` posts a message to itself through a MessageChannel: a message task runs as soon as the
 *   event loop has run what was already waiting, with no delay of its own. `setTimeout(…, 0)` would
 *   not do: from the sixth nested timer on, the HTML timer rules make it wait at least 4 ms.
 * - Timers are the host's own, but their callback runs in a message task (the timer posts the message):
 *   a timer armed from a timer callback is "nested", and from the fifth level on the HTML timer rules
 *   make it wait at least 4 ms (measured in Chromium 156's workers: setTimeout(…, 1) chained fires
 *   every 4.2 ms from the sixth on, every 1.3 ms through a message). The emulator's clock arms its
 *   next 1 ms slice from the last one; through the message it keeps its 1 ms.
 * - Browsers throttle timers in a hidden page: in Chrome, a hidden page's timers wake at most once a
 *   second, and after 5 minutes hidden (silent, no WebRTC) chained ones once a minute ("Heavy
 *   throttling of chained JS timers beginning in Chrome 88", developer.chrome.com/blog/timer-throttling-in-chrome-88).
 *   Chrome does not throttle dedicated workers' timers (its worker-throttling intervention,
 *   chromestatus.com/feature/6334419736461312, never shipped), nor messages, which are not timers. So
 *   the emulated boards run in a dedicated worker, and everything there waits on data (a read, a
 *   message) or one deadline timer, never on a polling timer: a hidden tab keeps them at real time. A
 *   frozen or discarded tab (memory saver, a phone's background) stops everything, workers included;
 *   the boards then fall behind (SimClock caps the catch-up) and real boards' host-silence watchdog
 *   shows the idle animation until the tab comes back.
 * - `now()` is performance.now(): monotonic, as the Scheduler requires.
 * - `keepAlive()` has nothing to hold: a page or worker lives as long as it is open.
 */
import type { Scheduler, TimerHandle } from '../../platform/scheduler.js';

/** What waits for its message, oldest first (each posted message runs exactly one). */
const waiting: (() => void)[] = [];
let channel: InstanceType<typeof MessageChannel> | null = null;

/** Runs `task` in a message task of its own, after what is already queued. */
function inMessageTask(task: () => void): void {
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.addEventListener('message', () => waiting.shift()?.());
    channel.port1.start();
  }
  waiting.push(task);
  channel.port2.postMessage(null);
}

/** A timer: the host's timer id while it runs, and the callback until it is run or cleared. */
interface BrowserTimer {
  id: ReturnType<typeof globalThis.setTimeout> | null;
  fn: (() => void) | null;
}

export const browserScheduler: Scheduler = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => {
    const timer: BrowserTimer = { id: null, fn };
    timer.id = globalThis.setTimeout(() => {
      timer.id = null;
      inMessageTask(() => {
        const run = timer.fn;
        timer.fn = null;
        run?.();
      });
    }, ms);
    return timer as unknown as TimerHandle;
  },
  clearTimeout: (handle) => {
    const timer = handle as unknown as BrowserTimer;
    timer.fn = null;
    if (timer.id !== null) globalThis.clearTimeout(timer.id);
    timer.id = null;
  },
  yield: () => new Promise<void>((resolve) => inMessageTask(resolve)),
  keepAlive: () => () => undefined,
};
