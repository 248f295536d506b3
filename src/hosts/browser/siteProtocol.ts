/**
 * The messages between the site's pages and its exhibit worker (exhibitWorker.ts), the one place
 * both sides' shapes are written down. Pages send requests as the HTTP API names them and receive
 * the numbered events of the event stream; bodies travel as JSON text, so a page gets exactly what
 * the Node host's fetch and EventSource give it (numbers, "-0", no typed arrays). `client` names the
 * tab a reply or a `hello` is for (a mirrored tab's messages reach the worker through the owner tab:
 * dashboard/kit/siteTab.js); events without `client` are for everyone.
 */
import type { BoardFlashRequest, FlashProgress } from './flashInWorker.js';
import type { RealBoardsReport } from './realBoardsReport.js';

/** What a page sends the worker. */
export type PageMessage =
  /** Opens a shipped rig by name, or a rig file read from disk; `fresh` ignores what was saved. */
  | { type: 'open'; rig?: string; rigFile?: { name: string; text: string }; fresh?: boolean }
  /** Starts a tab's events: the worker answers with a `hello` (the whole state) for `client`. */
  | { type: 'listen'; client: string }
  | { type: 'request'; client: string; id: number; method: string; path: string; body?: unknown }
  /** Swaps where the boards come from ('emulated' by default; see BOARD_SOURCES). */
  | { type: 'boards'; kind: string }
  /** Asks for the state file (the Node host's `<rig>.state.json`) of the exhibit as saved now. */
  | { type: 'download'; client: string }
  /** Opens a state file: its rig's exhibit continues from it, saved at once. */
  | { type: 'import'; client: string; name: string; text: string }
  | { type: 'close' }
  /** What the "Connect boards" panel shows: the real boards found and missing (null while the boards are emulated). */
  | { type: 'realBoards'; client: string }
  /** Flashes the board the person chose in the page, known by its USB ids (the worker names ports its own way). */
  | { type: 'flash'; client: string; usb: { vendorId?: string; productId?: string }; request: Omit<BoardFlashRequest, 'path'> };

/** What the worker sends its pages. */
export type WorkerMessage =
  | { type: 'ready' }
  /** An exhibit was opened (no `client`: every tab listens again), or what runs, for a tab that starts to listen. */
  | { type: 'opened'; generation: number; rig: string; title: string; boards: string; warnings: string[]; shipped: string[]; client?: string }
  /** A `hello` also says which exhibit (`generation`, counted from 1 in this worker) it is the state of. */
  | { type: 'event'; name: string; json: string; client?: string; generation?: number }
  | { type: 'reply'; client: string; id: number; status: number; json: string }
  | { type: 'boards'; kind: string }
  | { type: 'download'; client: string; name: string; text: string }
  /** A message that could not be done; `client` when it was one tab's (a download, an import). */
  | { type: 'failed'; of: PageMessage['type']; client?: string; error: string; message: string }
  | { type: 'closed' }
  | { type: 'realBoards'; client: string; boards: string; webSerial: boolean; filters: { usbVendorId: number }[]; rigBoards: { id: string; name: string | null }[]; report: RealBoardsReport | null }
  | { type: 'flashLine'; client: string; text: string }
  | ({ type: 'flashProgress'; client: string } & FlashProgress)
  | { type: 'flashed'; client: string };
