/// <reference lib="dom" />
/**
 * The site's exhibit worker (`new Worker(url, { type: 'module' })` on this file's bundle,
 * site/worker.js): the whole exhibit of the Node host, with no server. It reads a rig (shipped, or
 * opened from disk), loads what this browser saved for it (IndexedDB, under a Web Lock), runs the
 * runtime (exhibit, supervision, cascade, training, story, lessons) on the browser scheduler and the
 * boards' source, and answers the pages' messages (siteProtocol.ts): the HTTP API's requests
 * (exhibitRequests.ts) and its numbered events (ExhibitFeed), so the pages run unchanged.
 *
 * THE BOARD SOURCE SEAM (for Web Serial boards, issue 21 item 4): the worker chooses where its boards
 * come from in ONE place, `BOARD_SOURCES` below. 'emulated' (the default) is the real firmware in
 * avr8js behind the real bootloaders at real time (simBoards.ts). A page sends
 * `{ type: 'boards', kind: 'webserial' }` to swap: the worker stops the exhibit (saving it), opens
 * it again from the store on the source of that kind, and answers `{ type: 'boards', kind }` or
 * `{ type: 'failed', ... }`. A Web Serial source is added by putting one entry in BOARD_SOURCES
 * (a function of the rig giving a runtime BoardSource); nothing else here changes. 'webserial' is
 * that entry: the boards chosen in a page ("Connect boards"), found by their ids (realBoards.ts);
 * `realBoards` and `flash` messages serve the console's real-boards panels.
 */
import { textIn } from '../../runtime/exhibitText.js';
import { boardNameOf, rigLanguage } from '../../runtime/rig/words.js';
import { NbError } from '../../core/errors.js';
import type { BoardSource } from '../../runtime/boardSource.js';
import type { Exhibit } from '../../runtime/exhibit.js';
import { ExhibitFeed } from '../../runtime/exhibitFeed.js';
import { parseStateDocument, type ExhibitSnapshot } from '../../runtime/exhibitState.js';
import { openStoredExhibit } from '../../runtime/openStoredExhibit.js';
import type { ResolvedRig } from '../../runtime/rig/validate.js';
import { SimBoardSource } from '../../runtime/sources/simSource.js';
import { parseJsonFile } from '../../core/jsonSyntax.js';
import { browserScheduler } from './browserScheduler.js';
import { bundledCatalogue, bundledHexFiles } from './bundledBoards.js';
import { RealBoards } from './realBoards.js';
import { WebSerialPorts } from './webSerialPorts.js';
import { errorReply, answerRequest } from './exhibitRequests.js';
import { IndexedDbStore, openExhibitDatabase } from './indexedDbStore.js';
import type { PageMessage, WorkerMessage } from './siteProtocol.js';
import { SHIPPED_RIGS, openedRef, readSiteRig, siteExhibitFiles } from './siteExhibitFiles.js';
import { browserSimRegistry } from './simBoards.js';
import { exhibitLockName, takeWebLock } from './webLocksDataLock.js';

/** Real boards over Web Serial, made at the first use (a browser without Web Serial gets its explanation then). */
let realBoards: RealBoards | null = null;
const realBoardsHere = (): RealBoards => (realBoards ??= new RealBoards(WebSerialPorts.fromNavigator(bundledCatalogue())));

/** Where the boards come from, by kind: the one place a source is chosen (see the file comment). */
export const BOARD_SOURCES: Record<string, (rig: ResolvedRig) => BoardSource> = {
  emulated: (rig) => new SimBoardSource(rig, { registry: browserSimRegistry({ mode: 'realtime' }), firmata: null }),
  // The boards the person chose with "Connect boards", found by the id their firmware announces (realBoards.ts).
  webserial: (rig) => realBoardsHere().source(rig),
};

interface Scope {
  postMessage(message: WorkerMessage): void;
  addEventListener(type: 'message', fn: (e: { data: PageMessage }) => void): void;
}
const scope = globalThis as unknown as Scope;

/** The exhibit running now, and what it was opened from (to open it again on another source). */
let running: { exhibit: Exhibit; feed: ExhibitFeed; store: IndexedDbStore<ExhibitSnapshot>; rigRef: string } | null = null;
let boardKind = 'emulated';
/** Counts the exhibits opened: a tab whose `hello` came from this one need not listen again when told it opened. */
let generation = 0;
/** Tabs that asked to listen before any exhibit was open. */
const waiting = new Set<string>();
const openedFiles = new Map<string, string>();
/** Opened at once, beside the first open's other work (on a first visit, making the database takes a while). */
const database: Promise<IDBDatabase> = openExhibitDatabase();
database.catch(() => undefined); // said by the open that needs it
/** Messages are handled one at a time, in order: an open must finish before a request reaches its exhibit. */
let queue: Promise<void> = Promise.resolve();

const post = (message: WorkerMessage): void => scope.postMessage(message);

/** Stops the exhibit (its last save, its boards, its lock). */
async function close(): Promise<void> {
  const was = running;
  running = null;
  if (!was) return;
  was.feed.close();
  await was.exhibit.stop();
}

/** Opens rig `rigRef` on the current board source, from what this browser saved for it (unless `fresh`). */
async function open(rigRef: string, options: { fresh?: boolean; replaceWith?: ExhibitSnapshot } = {}): Promise<string[]> {
  const files = siteExhibitFiles(openedFiles);
  const { loaded, corpus } = await readSiteRig(files, rigRef);
  const { rig } = loaded;
  const makeSource = BOARD_SOURCES[boardKind];
  if (!makeSource) throw new NbError('NB_ERR_INVALID_ARGUMENT', `this site has no board source "${boardKind}" (it has ${Object.keys(BOARD_SOURCES).join(', ')})`);
  await close();
  const store = new IndexedDbStore<ExhibitSnapshot>(await database, `rig ${rig.name}`, parseStateDocument);
  // Waits while another worker (a tab being closed) still holds this rig's saved state.
  const lock = (await takeWebLock(exhibitLockName(rig.name)))!;
  const warnings = [...loaded.warnings];
  let saved: ExhibitSnapshot | null = null;
  try {
    if (options.replaceWith) {
      saved = options.replaceWith;
    } else if (!options.fresh) {
      const found = await store.load();
      if (found?.warning) warnings.push(found.warning);
      saved = found?.value ?? null;
    }
  } catch (err) {
    await lock.release();
    throw err;
  }
  const source = makeSource(rig);
  const { exhibit } = await openStoredExhibit({ loaded, corpus, saved, store, lock, source, scheduler: browserScheduler });
  const feed = new ExhibitFeed(exhibit);
  feed.subscribe((event) => post({ type: 'event', name: event.name, json: JSON.stringify(event.data) }));
  running = { exhibit, feed, store, rigRef };
  generation++;
  // An opened file is what is saved from now on, before anyone is told it opened.
  if (options.replaceWith) await exhibit.saved();
  exhibit.start();
  // Said in the log as `neuroboard start` prints them, numbered by the feed like every event.
  for (const w of warnings) exhibit.emit('log', 'warn', w);
  return warnings;
}

/** What runs now, for everyone (no `client`: an exhibit was opened) or for one tab that starts to listen. */
function opened(warnings: string[], client?: string): WorkerMessage {
  const { rig } = running!.exhibit;
  return { type: 'opened', generation, rig: rig.name, title: textIn(rig.title, rigLanguage(rig), rigLanguage(rig)), boards: boardKind, warnings, shipped: [...SHIPPED_RIGS], ...(client === undefined ? {} : { client }) };
}

/** A tab starts to listen: what runs, then the whole state (its stream's `hello`). */
function hello(client: string): void {
  if (!running) {
    waiting.add(client); // answered once an exhibit is open
    return;
  }
  post(opened([], client));
  post({ type: 'event', name: 'hello', json: JSON.stringify(running.feed.snapshot()), client, generation });
}

/** What a page can open: the shipped rigs by name. */
function rigRefOf(name: string): string {
  if (!SHIPPED_RIGS.includes(name)) {
    throw new NbError('NB_ERR_INVALID_ARGUMENT', `this site ships the rigs ${SHIPPED_RIGS.join(', ')}, not "${name}": pick one of them, or open a rig file`, { field: 'rig' });
  }
  return `boards/rigs/${name}.json`;
}

function failed(message: PageMessage, err: unknown): void {
  const { body } = errorReply(err);
  const client = 'client' in message ? message.client : undefined;
  post({ type: 'failed', of: message.type, ...(client === undefined ? {} : { client }), ...(body as { error: string; message: string }) });
}

async function handle(message: PageMessage): Promise<void> {
  switch (message.type) {
    case 'open': {
      let ref: string;
      if (message.rigFile) {
        openedFiles.set(message.rigFile.name, message.rigFile.text);
        ref = openedRef(message.rigFile.name);
      } else {
        ref = rigRefOf(message.rig ?? 'xor');
      }
      post(opened(await open(ref, { fresh: message.fresh === true })));
      for (const client of waiting) hello(client);
      waiting.clear();
      return;
    }
    case 'listen':
      hello(message.client);
      return;
    case 'request': {
      const reply = running
        ? await answerRequest(running.exhibit, running.feed, message)
        : errorReply(new NbError('NB_ERR_CONFLICT', 'the exhibit is still opening; try again in a moment'));
      post({ type: 'reply', client: message.client, id: message.id, status: reply.status, json: JSON.stringify(reply.body) });
      return;
    }
    case 'boards': {
      if (!BOARD_SOURCES[message.kind]) throw new NbError('NB_ERR_INVALID_ARGUMENT', `this site has no board source "${message.kind}" (it has ${Object.keys(BOARD_SOURCES).join(', ')})`);
      const before = boardKind;
      boardKind = message.kind;
      if (running) {
        try {
          await open(running.rigRef);
        } catch (err) {
          boardKind = before;
          throw err;
        }
      }
      post({ type: 'boards', kind: boardKind });
      if (running) post(opened([]));
      return;
    }
    case 'download': {
      if (!running) throw new NbError('NB_ERR_CONFLICT', 'the exhibit is still opening; try again in a moment');
      await running.exhibit.saved();
      post({ type: 'download', client: message.client, name: `${running.exhibit.rig.name}.state.json`, text: running.store.lastText ?? '' });
      return;
    }
    case 'import': {
      if (!running) throw new NbError('NB_ERR_CONFLICT', 'the exhibit is still opening; try again in a moment');
      const snapshot = parseStateDocument(parseJsonFile(message.text, message.name, 'NB_ERR_FILE_CORRUPT'), message.name);
      const rig = running.exhibit.rig.name;
      if (snapshot.rig !== rig) {
        // The rig decides the network's shape and the boards: open that rig first.
        const ref = SHIPPED_RIGS.includes(snapshot.rig) ? rigRefOf(snapshot.rig) : null;
        if (!ref) {
          throw new NbError('NB_ERR_INVALID_ARGUMENT', `${message.name} is the exhibit of rig "${snapshot.rig}", which this site does not ship: open that rig file first, then this exhibit file`, { field: 'rig' });
        }
        await open(ref, { replaceWith: snapshot });
      } else {
        await open(running.rigRef, { replaceWith: snapshot });
      }
      post(opened([]));
      return;
    }
    case 'close':
      await close();
      post({ type: 'closed' });
      return;
    case 'realBoards': {
      const webSerial = 'serial' in navigator;
      const real = webSerial ? realBoardsHere() : null;
      post({
        type: 'realBoards',
        client: message.client,
        boards: boardKind,
        webSerial,
        filters: real?.ports.filters().map((f) => ({ usbVendorId: f.usbVendorId! })) ?? [],
        rigBoards: running ? running.exhibit.rig.boards.map((b) => ({ id: b.id, name: boardNameOf(running!.exhibit.rig, b) ?? null })) : [],
        report: real && running && boardKind === 'webserial' ? real.report(running.exhibit.state().boards) : null,
      });
      return;
    }
    case 'flash':
      return;
  }
}

/** Flashes a board beside the exhibit (not in the queue: presses and requests go on meanwhile). */
async function flash(message: Extract<PageMessage, { type: 'flash' }>): Promise<void> {
  const { client } = message;
  const real = realBoardsHere();
  const path = await real.portOfChosen(message.usb);
  await real.flash(
    { ...message.request, path },
    {
      files: bundledHexFiles,
      log: (text) => post({ type: 'flashLine', client, text }),
      onProgress: (progress) => post({ type: 'flashProgress', client, ...progress }),
    },
  );
  post({ type: 'flashed', client });
}

scope.addEventListener('message', (e) => {
  const message = e.data;
  if (message.type === 'flash') {
    flash(message).catch((err) => failed(message, err));
    return;
  }
  queue = queue.then(() => handle(message).catch((err) => failed(message, err)));
});
post({ type: 'ready' });
