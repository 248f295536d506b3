/**
 * `neuroboard flash` without avrdude: the committed firmware written through the board's own
 * bootloader by src/flash, with a progress line per 10 %, then the id set as with avrdude.
 */
import { readFileSync } from 'node:fs';
import pc from 'picocolors';
import { flashBoard, programBytes, type FlashResult } from '../flash/flashBoard.js';
import { boardIdLine, flashDoneLine, flashStartLine, PRESS_RESET_LINE, progressLines } from '../flash/flashMessages.js';
import { shippedCatalogue } from '../hosts/node/boardFiles.js';
import type { FlashTiming } from '../flash/link.js';
import { parseIntelHex } from '../sim/avr/intelHex.js';
import type { SerialBinding } from '../platform/serialBinding.js';
import type { BoardIdentity } from '../transports/board.js';
import type { FlashTarget } from './firmwareInfo.js';

export interface BootloaderFlashOptions {
  board: string;
  port: string;
  id?: string;
  oldBootloader: boolean;
}

export interface BootloaderFlashDeps {
  binding: SerialBinding;
  timing?: FlashTiming;
  /** Sets and confirms the id after flashing (default: setAndConfirmId over `binding`). */
  setId?: (port: string, id: string) => Promise<{ before: BoardIdentity; after: BoardIdentity }>;
  log?: (line: string) => void;
}

/** The bootloader's protocol and speed for this board (57600 for the old Nano bootloader). */
export function bootloaderPlan(target: FlashTarget, oldBootloader: boolean): { protocol: 'stk500v1' | 'stk500v2'; baudRate: number } {
  const boot = target.profile.bootloader;
  const protocol = boot?.protocol ?? 'stk500v1';
  const baudRate = oldBootloader ? (target.avrdude.oldBootloaderBaudRate ?? 57600) : (boot?.baudRate ?? target.avrdude.baudRate);
  return { protocol, baudRate };
}

export async function flashThroughBootloader(target: FlashTarget, opts: BootloaderFlashOptions, deps: BootloaderFlashDeps): Promise<FlashResult> {
  const log = deps.log ?? ((line: string) => console.log(line));
  const { protocol, baudRate } = bootloaderPlan(target, opts.oldBootloader);
  const program = programBytes(parseIntelHex(readFileSync(target.hex, 'latin1'), target.profile.flashBytes, target.hex));
  log(flashStartLine(target.profile.title, opts.port, protocol, baudRate, program.length));
  if (target.profile.resetOnOpen === false) log(PRESS_RESET_LINE);
  const result = await flashBoard({
    binding: deps.binding,
    path: opts.port,
    catalogue: shippedCatalogue(),
    board: opts.board,
    mcu: target.profile.mcu,
    baudRate,
    protocol,
    pageBytes: target.profile.chip.pageBytes,
    program,
    oldBootloader: opts.oldBootloader,
    onProgress: progressLines(log),
    ...(deps.timing ? { timing: deps.timing } : {}),
  });
  log(flashDoneLine(pc.green('✓'), opts.board, opts.port, target.hex, result.pages, result.ms));
  if (opts.id) {
    const setId =
      deps.setId ??
      (async (port: string, id: string) => {
        const { setAndConfirmId } = await import('./boardId.js');
        return setAndConfirmId(port, id, deps.binding);
      });
    const { before, after } = await setId(opts.port, opts.id);
    log(boardIdLine(pc.green('✓'), opts.port, before, after));
  }
  return result;
}
