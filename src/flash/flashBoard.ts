/**
 * Flashing a board through its bootloader, with nothing but neuroboard: open the port at the
 * bootloader's speed, reset into it, check the chip is the one the board type says, write every
 * page, read every page back, and let the sketch start. Whatever goes wrong says what to do next.
 */
import { signatureText, type BoardCatalogue } from '../catalogue/boardCatalogue.js';
import { NbError } from '../core/errors.js';
import type { SerialBinding } from '../platform/serialBinding.js';
import { FlashLink, wallTiming, type FlashTiming } from './link.js';
import { probeOtherBootloaders } from './otherBootloader.js';
import type { Programmer } from './programmer.js';
import { Stk500v1 } from './stk500v1.js';
import { Stk500v2 } from './stk500v2.js';

export interface FlashRequest {
  binding: SerialBinding;
  path: string;
  /** The boards there are: the chip `mcu` should answer with, and what other chips and bootloaders are. */
  catalogue: BoardCatalogue;
  /** The board type the user named (for messages). */
  board: string;
  mcu: string;
  /** The bootloader's speed: 115200 for optiboot and the Mega's stk500v2, 57600 for ATmegaBOOT. */
  baudRate: number;
  /** Default stk500v1 (Uno, Nano); the Mega's bootloader speaks stk500v2. */
  protocol?: 'stk500v1' | 'stk500v2';
  pageBytes: number;
  /** The bytes to write from address 0 (a whole page multiple or not). */
  program: Uint8Array;
  /** Whether the user already said --old-bootloader (the advice differs). */
  oldBootloader?: boolean;
  timing?: FlashTiming;
  /** Called after each page written and each page read back. */
  onProgress?: (phase: 'write' | 'verify', done: number, total: number) => void;
}

export interface FlashResult {
  bytes: number;
  pages: number;
  /** From open to the sketch starting, including the reset and sync. */
  ms: number;
  /** From the bootloader answering to leaving programming mode: writing and reading back. */
  programMs: number;
  sent: number;
  received: number;
}

/** The program part of a flash image: up to its last programmed (non-0xff) byte. */
export function programBytes(image: Uint8Array): Uint8Array {
  let end = image.length;
  while (end > 0 && image[end - 1] === 0xff) end--;
  return image.subarray(0, end);
}

export function noAnswerAdvice(req: Pick<FlashRequest, 'path' | 'board' | 'baudRate' | 'oldBootloader' | 'protocol'>): string {
  const nano =
    req.board === 'nano'
      ? req.oldBootloader
        ? ' It did not answer at 57600 baud either: try without --old-bootloader.'
        : ' Most cheap Nano clones have the old bootloader: try again with --old-bootloader.'
      : '';
  return (
    `the board on ${req.path} did not answer its bootloader (${req.protocol ?? 'stk500v1'} at ${req.baudRate} baud).${nano} ` +
    'Press and release the board\'s reset button just as the flash starts, check that --board matches the board ' +
    '(uno, nano or mega) and the port is the board\'s (`neuroboard ports`), and try another USB cable (some only charge).'
  );
}

/** No answer from the bootloader --board names: if another kind answers, say which board it is; else what to try. */
async function noAnswerError(req: FlashRequest, timing: FlashTiming): Promise<NbError> {
  const other = await probeOtherBootloaders(req.binding, req.path, req.protocol ?? 'stk500v1', req.catalogue.bootloaders(), timing).catch(() => null);
  if (!other) return new NbError('NB_ERR_BOARD_TIMEOUT', noAnswerAdvice(req), { field: 'port' });
  const { bootloader, signature } = other;
  const chip = req.catalogue.chipOfSignature(signature);
  const what = chip ? `its chip is an ${chip.name} (signature ${signatureText(signature)})` : `its chip has an unknown signature (${signatureText(signature)})`;
  const variant = bootloader.variantOf;
  const boardOption = variant ? `--board ${variant.board}${variant.option ? ` ${variant.option}` : ''}` : `--board ${chip?.boardTypes.join(' or ')}`;
  const fix = chip ? `flash it with ${boardOption}` : 'check --board';
  return new NbError(
    'NB_ERR_INVALID_ARGUMENT',
    `the board on ${req.path} is not a ${req.board}: it did not answer the ${req.board}'s bootloader (${req.protocol ?? 'stk500v1'} at ${req.baudRate} baud) ` +
      `but ${bootloader.name} answered (${bootloader.protocol} at ${bootloader.baudRate} baud), and ${what}: ${fix}. Nothing was written.`,
    { field: 'board' },
  );
}

export async function flashBoard(req: FlashRequest): Promise<FlashResult> {
  const timing = req.timing ?? wallTiming;
  const expected = req.catalogue.chipOfMcu(req.mcu);
  if (!expected) throw new NbError('NB_ERR_INVALID_ARGUMENT', `no board in the catalogue has a ${req.mcu}, so its signature is unknown`, { field: 'board' });
  const link = await FlashLink.open(req.binding, req.path, req.baudRate, timing);
  const started = timing.now();
  try {
    const stk: Programmer = req.protocol === 'stk500v2' ? new Stk500v2(link) : new Stk500v1(link);
    if (!(await stk.sync())) {
      await link.close();
      throw await noAnswerError(req, timing);
    }
    const sig = await stk.signature();
    if (signatureText(sig) !== expected.signature) {
      const found = req.catalogue.chipOfSignature(sig);
      throw new NbError(
        'NB_ERR_INVALID_ARGUMENT',
        found
          ? `the board on ${req.path} has an ${found.name}, not the ${expected.name} of a ${req.board}: flash it with --board ${found.boardTypes.join(' or ')}. Nothing was written.`
          : `the board on ${req.path} has an unknown chip (signature ${signatureText(sig)}), not the ${expected.name} of a ${req.board}: check --board. Nothing was written.`,
        { field: 'board' },
      );
    }
    const synced = timing.now();
    await stk.enterProgMode();
    const pages = Math.ceil(req.program.length / req.pageBytes);
    const page = (i: number): Uint8Array => {
      const bytes = new Uint8Array(req.pageBytes).fill(0xff);
      bytes.set(req.program.subarray(i * req.pageBytes, (i + 1) * req.pageBytes));
      return bytes;
    };
    for (let i = 0; i < pages; i++) {
      await stk.writePage(i * req.pageBytes, page(i));
      req.onProgress?.('write', i + 1, pages);
    }
    for (let i = 0; i < pages; i++) {
      const back = await stk.readPage(i * req.pageBytes, req.pageBytes);
      const want = page(i);
      const at = want.findIndex((b, k) => back[k] !== b);
      if (at >= 0) {
        throw new NbError(
          'NB_ERR_PROTOCOL',
          `verification failed on ${req.path}: flash byte 0x${(i * req.pageBytes + at).toString(16)} reads back 0x${back[at]!.toString(16)}, not 0x${want[at]!.toString(16)}. Try another USB cable or port, then flash again.`,
          { field: 'port' },
        );
      }
      req.onProgress?.('verify', i + 1, pages);
    }
    await stk.leaveProgMode();
    const end = timing.now();
    return { bytes: req.program.length, pages, ms: end - started, programMs: end - synced, sent: link.counts.sent, received: link.counts.received };
  } finally {
    await link.close();
  }
}
