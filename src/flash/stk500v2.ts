/**
 * The STK500v2 subset the Mega 2560's bootloader (stk500boot) speaks, as avrdude's `-c wiring` uses
 * it: framed messages (0x1B, sequence, size, 0x0E, body, XOR checksum), sign-on, the signature byte
 * by byte, LOAD_ADDRESS once, then PROGRAM_FLASH / READ_FLASH page by page (the address advances by
 * itself), and LEAVE_PROGMODE, which starts the sketch.
 */
import { NbError } from '../core/errors.js';
import type { FlashLink } from './link.js';
import type { Programmer } from './programmer.js';

const MESSAGE_START = 0x1b;
const TOKEN = 0x0e;
const STATUS_OK = 0x00;
const CMD_SIGN_ON = 0x01;
const CMD_LOAD_ADDRESS = 0x06;
const CMD_ENTER_PROGMODE_ISP = 0x10;
const CMD_LEAVE_PROGMODE_ISP = 0x11;
const CMD_PROGRAM_FLASH_ISP = 0x13;
const CMD_READ_FLASH_ISP = 0x14;
const CMD_READ_SIGNATURE_ISP = 0x1b;

const REPLY_MS = 500;
const SYNC_TRIES = 5;
const SYNC_WAIT_MS = 200;

export class Stk500v2 implements Programmer {
  private seq = 0;
  /** The next address the bootloader will write or read (it advances by itself). */
  private nextAddress = -1;

  constructor(private readonly link: FlashLink) {}

  private frame(body: readonly number[]): number[] {
    const bytes = [MESSAGE_START, this.seq, body.length >> 8, body.length & 0xff, TOKEN, ...body];
    return [...bytes, bytes.reduce((x, b) => x ^ b, 0)];
  }

  /** One framed reply, or null when none came in time. */
  private async reply(ms: number): Promise<Uint8Array | null> {
    const head = await this.link.read(5, ms);
    if (!head) return null;
    if (head[0] !== MESSAGE_START || head[1] !== this.seq || head[4] !== TOKEN) return Uint8Array.of();
    const size = (head[2]! << 8) | head[3]!;
    const rest = await this.link.read(size + 1, ms);
    if (!rest) return null;
    const sum = [...head, ...rest.subarray(0, size)].reduce((x, b) => x ^ b, 0);
    return sum === rest[size] ? rest.subarray(0, size) : Uint8Array.of();
  }

  async command(body: readonly number[], what: string): Promise<Uint8Array> {
    await this.link.write(this.frame(body));
    const answer = await this.reply(REPLY_MS);
    this.seq = (this.seq + 1) & 0xff;
    if (!answer || answer[0] !== body[0] || answer[1] !== STATUS_OK) {
      throw new NbError(
        answer ? 'NB_ERR_PROTOCOL' : 'NB_ERR_BOARD_TIMEOUT',
        `the bootloader on ${this.link.path} ${answer ? 'lost sync' : 'stopped answering'} during ${what}: flash again; if it keeps failing try another USB cable or port.`,
        { field: 'port' },
      );
    }
    return answer.subarray(2);
  }

  async sync(resets = 2): Promise<boolean> {
    for (let r = 0; r < resets; r++) {
      await this.link.resetBoard();
      this.link.drain();
      for (let i = 0; i < SYNC_TRIES; i++) {
        await this.link.write(this.frame([CMD_SIGN_ON]));
        const answer = await this.reply(SYNC_WAIT_MS);
        this.seq = (this.seq + 1) & 0xff;
        if (answer && answer[0] === CMD_SIGN_ON && answer[1] === STATUS_OK) return true;
        await this.link.timing.sleep(20);
        this.link.drain();
      }
    }
    return false;
  }

  async signature(): Promise<Uint8Array> {
    const sig = new Uint8Array(3);
    for (let i = 0; i < 3; i++) sig[i] = (await this.command([CMD_READ_SIGNATURE_ISP, 0, 0, 0, i], 'reading the signature'))[0]!;
    return sig;
  }

  async enterProgMode(): Promise<void> {
    // avrdude's ATmega2560 parameters (timeout, stabDelay, cmdexeDelay, synchLoops, byteDelay, pollValue, pollIndex, the ISP command).
    await this.command([CMD_ENTER_PROGMODE_ISP, 200, 100, 25, 32, 0, 0x53, 3, 0xac, 0x53, 0, 0], 'entering programming mode');
  }

  private async seek(byteAddress: number): Promise<void> {
    if (byteAddress === this.nextAddress) return;
    const word = (byteAddress >> 1) | 0x80000000; // bit 31: a part over 64 KiB, as avrdude sends it
    await this.command([CMD_LOAD_ADDRESS, (word >>> 24) & 0xff, (word >>> 16) & 0xff, (word >>> 8) & 0xff, word & 0xff], `setting address 0x${byteAddress.toString(16)}`);
    this.nextAddress = byteAddress;
  }

  async writePage(byteAddress: number, data: Uint8Array): Promise<void> {
    await this.seek(byteAddress);
    await this.command([CMD_PROGRAM_FLASH_ISP, data.length >> 8, data.length & 0xff, 0xc1, 10, 0x40, 0x4c, 0x20, 0, 0, ...data], `writing the page at 0x${byteAddress.toString(16)}`);
    this.nextAddress = byteAddress + data.length;
  }

  async readPage(byteAddress: number, length: number): Promise<Uint8Array> {
    await this.seek(byteAddress);
    const answer = await this.command([CMD_READ_FLASH_ISP, length >> 8, length & 0xff, 0x20], `reading back the page at 0x${byteAddress.toString(16)}`);
    this.nextAddress = byteAddress + length;
    return answer.subarray(0, length);
  }

  async leaveProgMode(): Promise<void> {
    await this.command([CMD_LEAVE_PROGMODE_ISP, 1, 1], 'leaving programming mode');
  }
}
