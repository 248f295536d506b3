/**
 * Flashing a board from the site, in a dedicated worker: the same STK500 flasher as `neuroboard
 * flash` (src/flash: reset into the bootloader, check the chip, write, read back, start the sketch,
 * with the same messages) over the Web Serial binding, then the board's id given with SETID and read
 * back from its own BOOT (src/transports/boardId.ts), as the CLI does. Every wait is on data or on one
 * deadline timer, never a polling timer, so a hidden tab does not slow it (browserScheduler.ts).
 *
 * The page and the worker talk in messages (serveFlashRequests): a worker has no port picker, so the
 * page asks the person to choose a board (WebSerialPorts.request(), from a click), then asks the
 * worker for its list of ports ({ type: 'ports' }: the worker's getPorts() sees the new grant), and
 * sends { type: 'flash', request } with the worker's name for the port. Progress comes back as
 * messages, then the outcome or the error (code, message and field, as NbError has them).
 */
import type { BoardCatalogue } from '../../catalogue/boardCatalogue.js';
import type { BoardProfile } from '../../catalogue/schema.js';
import { isNbError, NbError } from '../../core/errors.js';
import { flashBoard, programBytes, type FlashResult } from '../../flash/flashBoard.js';
import { boardIdLine, flashDoneLine, flashStartLine, PRESS_RESET_LINE, progressLines } from '../../flash/flashMessages.js';
import type { FlashTiming } from '../../flash/link.js';
import type { SerialBinding } from '../../platform/serialBinding.js';
import type { HexFiles } from '../../sim/avr/flashImage.js';
import { parseIntelHex } from '../../sim/avr/intelHex.js';
import type { BoardIdentity } from '../../transports/board.js';
import { setAndConfirmBoardId } from '../../transports/boardId.js';
import type { WebSerialPortInfo, WebSerialPorts } from './webSerialPorts.js';

export interface BoardFlashRequest {
  /** The port, as the binding names it (a WebSerialPorts path in the browser). */
  path: string;
  /** The board type, as `neuroboard flash --board` takes it: "uno", "nano", "mega". */
  board: string;
  /** A Nano clone with the old bootloader (57600 baud), as `--old-bootloader`. */
  oldBootloader?: boolean;
  /** The id to give the board after flashing (8 hex digits), as `--id`. */
  id?: string;
}

export interface FlashProgress {
  phase: 'write' | 'verify';
  /** Pages done of `total`. */
  done: number;
  total: number;
}

export interface BoardFlashDeps {
  binding: SerialBinding;
  catalogue: BoardCatalogue;
  /** Where the catalogue's firmware images come from (bundled on the site). */
  files: HexFiles;
  onProgress?: (progress: FlashProgress) => void;
  /** Gets the lines `neuroboard flash` prints, as it would print them (src/flash/flashMessages.ts). */
  log?: (line: string) => void;
  /** Wall-clock time unless a test runs the emulator on a virtual clock. */
  timing?: FlashTiming;
}

export interface BoardFlashOutcome {
  flash: FlashResult;
  /** What the board announced before and after SETID, when an id was asked for. */
  identity?: { before: BoardIdentity; after: BoardIdentity };
}

/** The bootloader's protocol and speed for `type`, as `neuroboard flash` picks them (57600 for the old Nano bootloader). */
function bootloaderPlan(type: BoardProfile, oldBootloader: boolean): { protocol: 'stk500v1' | 'stk500v2'; baudRate: number } {
  const boot = type.bootloader;
  if (!boot) {
    throw new NbError('NB_ERR_INVALID_ARGUMENT', `a ${type.name} has no bootloader to flash through in the board catalogue: flash it with a programmer (avrdude).`, { field: 'board' });
  }
  return { protocol: boot.protocol, baudRate: oldBootloader ? (type.avrdude.oldBootloaderBaudRate ?? 57600) : boot.baudRate };
}

/** Flashes the firmware of `request.board` through its bootloader, then gives the board `request.id`. */
export async function flashAndSetId(request: BoardFlashRequest, deps: BoardFlashDeps): Promise<BoardFlashOutcome> {
  const { catalogue } = deps;
  const type = catalogue.find(request.board);
  if (!type || type.announces !== type.name) {
    throw new NbError('NB_ERR_INVALID_ARGUMENT', `"${request.board}" is not a board type neuroboard can flash; choose one of ${catalogue.boardTypes.join(', ')}.`, { field: 'board' });
  }
  if (request.id !== undefined && (!/^[0-9a-f]{8}$/.test(request.id) || request.id === '00000000' || request.id === 'ffffffff')) {
    throw new NbError('NB_ERR_INVALID_ARGUMENT', `board id "${request.id}" must be 8 lower-case hex digits, not 00000000 or ffffffff.`, { field: 'id' });
  }
  const oldBootloader = request.oldBootloader ?? false;
  const { protocol, baudRate } = bootloaderPlan(type, oldBootloader);
  const program = programBytes(parseIntelHex(deps.files.read(type.firmware), type.flashBytes, type.firmware));
  const log = deps.log ?? (() => undefined);
  const printProgress = progressLines(log);
  log(flashStartLine(type.title, request.path, protocol, baudRate, program.length));
  if (type.resetOnOpen === false) log(PRESS_RESET_LINE);
  const flash = await flashBoard({
    binding: deps.binding,
    path: request.path,
    catalogue,
    board: type.name,
    mcu: type.mcu,
    baudRate,
    protocol,
    pageBytes: type.chip.pageBytes,
    program,
    oldBootloader,
    onProgress: (phase: 'write' | 'verify', done: number, total: number) => {
      printProgress(phase, done, total);
      deps.onProgress?.({ phase, done, total });
    },
    ...(deps.timing ? { timing: deps.timing } : {}),
  });
  log(flashDoneLine('✓', type.name, request.path, type.firmware, flash.pages, flash.ms));
  if (request.id === undefined) return { flash };
  const identity = await setAndConfirmBoardId(request.path, request.id, deps.binding, catalogue);
  log(boardIdLine('✓', request.path, identity.before, identity.after));
  return { flash, identity };
}

/** What the page sends the worker. */
export type FlashWorkerRequest = { type: 'ports' } | { type: 'flash'; request: BoardFlashRequest };

/** What the worker answers. */
export type FlashWorkerReply =
  | { type: 'ports'; ports: WebSerialPortInfo[] }
  | ({ type: 'progress' } & FlashProgress)
  | { type: 'line'; text: string }
  | { type: 'flashed'; outcome: BoardFlashOutcome }
  | { type: 'failed'; error: { code: string; message: string; field?: string } };

/** The part of a dedicated worker's global scope this needs. */
export interface WorkerScope {
  postMessage(message: FlashWorkerReply): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

function failure(err: unknown): FlashWorkerReply {
  if (isNbError(err)) return { type: 'failed', error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } };
  return { type: 'failed', error: { code: 'NB_ERR_INTERNAL', message: `flashing stopped on an unexpected error (${err instanceof Error ? err.message : String(err)}): reload the page and try again.` } };
}

/**
 * Answers the page's requests in a worker, one flash at a time. `ports` is made at the first request
 * (so a browser without Web Serial gets its explanation as a reply, not a dead worker).
 */
export function serveFlashRequests(scope: WorkerScope, ports: () => WebSerialPorts, catalogue: BoardCatalogue, files: HexFiles): void {
  let serial: WebSerialPorts | null = null;
  let flashing = false;
  scope.addEventListener('message', (event) => {
    const message = event.data as FlashWorkerRequest;
    void (async () => {
      try {
        serial ??= ports();
        if (message.type === 'ports') {
          scope.postMessage({ type: 'ports', ports: await serial.refresh() });
          return;
        }
        if (message.type !== 'flash') return;
        if (flashing) throw new NbError('NB_ERR_BOARD_BUSY', 'a board is already being flashed here: wait for it to finish, then flash the next one.');
        flashing = true;
        try {
          await serial.refresh();
          const outcome = await flashAndSetId(message.request, {
            binding: serial.binding,
            catalogue,
            files,
            onProgress: (progress) => scope.postMessage({ type: 'progress', ...progress }),
            log: (text) => scope.postMessage({ type: 'line', text }),
          });
          scope.postMessage({ type: 'flashed', outcome });
        } finally {
          flashing = false;
        }
      } catch (err) {
        scope.postMessage(failure(err));
      }
    })();
  });
}
