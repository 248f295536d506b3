/**
 * Which tab runs the site's exhibit, and the line every tab's pages talk to it on. One tab owns the
 * exhibit: it holds the Web Lock OWNER_LOCK and runs the exhibit worker (site/worker.js); the other
 * tabs of this site mirror it over a BroadcastChannel, events in and commands out to the owner, so a
 * teacher can put the visitor page on the projector and keep the console. Each mirror also waits for
 * the lock: when the owner's tab closes, the browser lets go of its lock, one mirror gets it, starts
 * its own worker, and the worker opens the exhibit from what the last owner saved (IndexedDB), so the
 * exhibit goes on where it was.
 */
const OWNER_LOCK = 'neuroboard-site-owner';
const CHANNEL = 'neuroboard-site';
const RIG_KEY = 'neuroboard.site.rig';

/** The rig a new exhibit opens: `?rig=` of this page, else the last one opened here, else XOR. */
function chosenRig() {
  return new URLSearchParams(location.search).get('rig') ?? localStorage.getItem(RIG_KEY) ?? 'xor';
}

/**
 * The exhibit's worker as the page's first script started it (`earlyWorker`: the worker and what it
 * said before this module was there to listen), or null on a page that started none.
 */
function takeEarlyWorker() {
  const early = globalThis.neuroboardWorker ?? null;
  delete globalThis.neuroboardWorker;
  return early;
}

/**
 * The script a site page runs first, inline in its head (scripts/build-web.mjs), so the exhibit's
 * worker loads its code (the larger part of a cold start) while the page loads its own: the worker
 * at `url`, and its messages (and a failure to load) kept until this module takes it.
 */
export function earlyWorkerScript(url) {
  return `(() => { const worker = new Worker(${JSON.stringify(url)}, { type: 'module' }); const early = { worker, received: [], failed: null }; worker.onmessage = (e) => early.received.push(e); worker.onerror = (e) => (early.failed = e); self.neuroboardWorker = early; })();`;
}

/**
 * The line to the exhibit: `post`, `subscribe`, `client` (what workerClient.js needs), and `role`
 * ('owner' or 'mirror', with `onRole(fn)` to follow it).
 */
export function openSiteTab({ workerUrl = new URL('../worker.js', import.meta.url) } = {}) {
  const client = crypto.randomUUID();
  const subscribers = new Set();
  const roleWatchers = new Set();
  const channel = new BroadcastChannel(CHANNEL);
  let worker = null;
  let role = 'mirror';
  document.documentElement.dataset.siteRole = role;

  // Why the exhibit could not open (its worker did not load, say), kept for the pages that subscribe
  // later: the failure can come before the page's modules are there to listen.
  let openFailure = null;
  const deliver = (message) => {
    if (message.type === 'failed' && message.of === 'open' && message.client === undefined) openFailure = message;
    else if (message.type === 'opened') openFailure = null;
    for (const fn of [...subscribers]) fn(message);
  };
  const setRole = (next) => {
    role = next;
    document.documentElement.dataset.siteRole = next;
    for (const fn of roleWatchers) fn(next);
  };

  // A mirror's messages from the owner (and, for the owner, its mirrors' commands).
  channel.onmessage = (e) => {
    const message = e.data;
    if (worker) {
      if (message.from === 'mirror') worker.postMessage(message.message);
    } else if (message.from === 'owner') {
      deliver(message.message);
    } else if (message.from === 'gone') {
      deliver({ type: 'link', state: 'connecting' });
    }
  };

  // The worker the page's first script started while the rest loaded (scripts/build-web.mjs): this
  // tab's, if it runs the exhibit; ended if another tab does.
  let early = takeEarlyWorker();

  function becomeOwner() {
    // Whatever this tab showed was another tab's exhibit: its pages listen again to this one's.
    if (role === 'mirror') deliver({ type: 'link', state: 'connecting' });
    const started = early;
    early = null;
    worker = started?.worker ?? new Worker(workerUrl, { type: 'module' });
    worker.onmessage = (e) => {
      const message = e.data;
      // A rig opened from disk is this tab's alone: the next tab to run the exhibit opens a shipped one.
      if (message.type === 'opened' && message.shipped.includes(message.rig)) localStorage.setItem(RIG_KEY, message.rig);
      deliver(message);
      channel.postMessage({ from: 'owner', message });
    };
    worker.onerror = (e) => deliver({ type: 'failed', of: 'open', error: 'NB_ERR_INTERNAL', message: `the exhibit's worker failed: ${e.message ?? 'see the browser console'}` });
    setRole('owner');
    for (const e of started?.received ?? []) worker.onmessage(e);
    if (started?.failed) worker.onerror(started.failed);
    worker.postMessage({ type: 'open', rig: chosenRig() });
    addEventListener('pagehide', () => channel.postMessage({ from: 'gone' }));
  }

  // The first tab takes the lock at once; the others mirror it and wait for the lock (the callback's
  // promise never settles: the lock is held until the tab goes).
  const own = () => {
    becomeOwner();
    return new Promise(() => undefined);
  };
  navigator.locks.request(OWNER_LOCK, { ifAvailable: true }, (lock) => {
    if (lock) return own();
    early?.worker.terminate();
    early = null;
    navigator.locks.request(OWNER_LOCK, own);
    return undefined;
  });

  return {
    client,
    get role() {
      return role;
    },
    onRole(fn) {
      roleWatchers.add(fn);
      fn(role);
    },
    post(message) {
      if (worker) worker.postMessage(message);
      else channel.postMessage({ from: 'mirror', message });
    },
    subscribe(fn) {
      subscribers.add(fn);
      if (openFailure) {
        const failure = openFailure;
        queueMicrotask(() => subscribers.has(fn) && fn(failure));
      }
      return () => subscribers.delete(fn);
    },
  };
}
