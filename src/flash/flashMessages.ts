/**
 * The lines `neuroboard flash` prints while it writes a board through its bootloader, made in one
 * place so the site's "Flash a board" shows the very same words (src/cli/flashBootloader.ts and
 * src/hosts/browser/flashInWorker.ts both print these). `mark` is the tick before a success line: the
 * CLI colours it, a page does not.
 */
import type { BoardIdentity } from '../transports/board.js';

/** "Flashing Arduino Uno on /dev/ttyACM0 through its bootloader (STK500v1 at 115200 baud), 6000 bytes:" */
export function flashStartLine(title: string, port: string, protocol: 'stk500v1' | 'stk500v2', baudRate: number, bytes: number): string {
  return `Flashing ${title} on ${port} through its bootloader (${protocol.replace('stk', 'STK')} at ${baudRate} baud), ${bytes} bytes:`;
}

/** For a board that does not reset when its port opens. */
export const PRESS_RESET_LINE = "Press the board's reset button now if nothing happens.";

/** Calls `log` with "writing   10 % (3/30 pages)" … as each tenth of a phase is crossed. */
export function progressLines(log: (line: string) => void): (phase: 'write' | 'verify', done: number, total: number) => void {
  const shown = { write: 0, verify: 0 };
  return (phase, done, total) => {
    const tenth = Math.floor((done * 10) / total);
    if (tenth > shown[phase]) {
      shown[phase] = tenth;
      log(`  ${phase === 'write' ? 'writing  ' : 'verifying'} ${String(tenth * 10).padStart(3)} % (${done}/${total} pages)`);
    }
  };
}

/** "✓ flashed and verified uno on /dev/ttyACM0 with firmware/hex/neuroboard-uno.hex (30 pages in 2.1 s)" */
export function flashDoneLine(mark: string, board: string, port: string, hex: string, pages: number, ms: number): string {
  return `${mark} flashed and verified ${board} on ${port} with ${hex} (${pages} pages in ${(ms / 1000).toFixed(1)} s)`;
}

/** "✓ board on /dev/ttyACM0 says HELLO: uno, id a0000001 (was 3f2a91c0), firmware 0.1.0, 1/4 channels" */
export function boardIdLine(mark: string, port: string, before: BoardIdentity, after: BoardIdentity): string {
  return `${mark} board on ${port} says HELLO: ${after.board}, id ${after.id} (was ${before.id}), firmware ${after.firmware}, ${after.channels}/${after.maxChannels} channels`;
}
