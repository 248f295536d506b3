/**
 * `neuroboard flash` without avrdude: the committed firmware written through the board's own
 * bootloader by src/flash, with a progress line per 10 %, then the id set as with avrdude.
 */
import { readFileSync } from 'node:fs';
import pc from 'picocolors';
import { flashBoard, programBytes, type FlashResult } from '../flash/flashBoard.js';
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

/** Prints "write 10 %", "write 20 %" … as each tenth is crossed. */
function progressPrinter(log: (line: string) => void): (phase: 'write' | 'verify', done: number, total: number) => void {
  const shown = { write: 0, verify: 0 };
  return (phase, done, total) => {
    const tenth = Math.floor((done * 10) / total);
    if (tenth > shown[phase]) {
      shown[phase] = tenth;
      log(`  ${phase === 'write' ? 'writing  ' : 'verifying'} ${String(tenth * 10).padStart(3)} % (${done}/${total} pages)`);
    }
  };
}

export async function flashThroughBootloader(target: FlashTarget, opts: BootloaderFlashOptions, deps: BootloaderFlashDeps): Promise<FlashResult> {
  const log = deps.log ?? ((line: string) => console.log(line));
  const { protocol, baudRate } = bootloaderPlan(target, opts.oldBootloader);
  const program = programBytes(parseIntelHex(readFileSync(target.hex, 'latin1'), target.profile.flashBytes, target.hex));
  log(`Flashing ${target.profile.title} on ${opts.port} through its bootloader (${protocol.replace('stk', 'STK')} at ${baudRate} baud), ${program.length} bytes:`);
  if (target.profile.resetOnOpen === false) log('Press the board\'s reset button now if nothing happens.');
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
    onProgress: progressPrinter(log),
    ...(deps.timing ? { timing: deps.timing } : {}),
  });
  log(`${pc.green('✓')} flashed and verified ${opts.board} on ${opts.port} with ${target.hex} (${result.pages} pages in ${(result.ms / 1000).toFixed(1)} s)`);
  if (opts.id) {
    const setId =
      deps.setId ??
      (async (port: string, id: string) => {
        const { setAndConfirmId } = await import('./boardId.js');
        return setAndConfirmId(port, id, deps.binding);
      });
    const { before, after } = await setId(opts.port, opts.id);
    log(
      `${pc.green('✓')} board on ${opts.port} says HELLO: ${after.board}, id ${after.id} (was ${before.id}), firmware ${after.firmware}, ${after.channels}/${after.maxChannels} channels`,
    );
  }
  return result;
}
