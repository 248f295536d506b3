/**
 * Self-programming (SPM) and the boot section's reset vector, which avr8js 0.21 leaves out and every
 * bootloader needs. As the ATmega328P datasheet (§26–27, "Boot Loader Support – Read-While-Write
 * Self-Programming") and the ATmega2560 datasheet (§29) describe them:
 *
 * - SPMCSR (I/O 0x37, data 0x57): SPMIE 7, RWWSB 6, SIGRD 5, RWWSRE 4, BLBSET 3, PGWRT 2, PGERS 1,
 *   SPMEN 0. Writing SPMEN (with at most one of the operation bits) opens a four-cycle window in
 *   which an `SPM` carries the operation out; with no `SPM` in it, SPMEN clears again.
 * - SPMEN alone: r1:r0 goes into the temporary page buffer at the word Z points to.
 * - PGERS: erases the page Z points to (all 0xff). PGWRT: writes the page buffer to the page Z points
 *   to; flash cells can only go from 1 to 0, so a page not erased first gets the AND of both. Either
 *   takes 3.7–4.5 ms: SPMEN stays set until it is done (bootloaders poll it) and RWWSB is set.
 * - RWWSRE: re-enables the read-while-write section once the operation is done, clearing RWWSB; it
 *   also clears the page buffer, as does a page write.
 * - On the 2560, RAMPZ (data 0x5b) is the high byte of the flash address (Z is only 16 bits).
 * - BLBSET (lock bits) and SIGRD are accepted and do nothing: the bootloaders used here answer the
 *   signature from constants and never lock themselves.
 *
 * The reset vector: with the BOOTRST fuse programmed (high fuse bit 0 = 0 on both MCUs), reset jumps
 * to the boot section's start, which the BOOTSZ fuse bits (high fuse bits 2:1) size. Interrupt vectors
 * stay at 0 (IVSEL is not modelled): none of the bootloaders used here takes an interrupt.
 */
import type { CPU } from 'avr8js';
import type { McuSpec } from './mcu.js';

const SPMCSR = 0x57;
const RAMPZ = 0x5b;
const SPMEN = 0x01;
const PGERS = 0x02;
const PGWRT = 0x04;
const BLBSET = 0x08;
const RWWSRE = 0x10;
const SIGRD = 0x20;
const RWWSB = 0x40;
const SPMIE = 0x80;

/** SPM Z+: as SPM, then Z += 2. */
export const OPCODE_SPM_INC = 0x95f8;

/** Page erase and page write take 3.7–4.5 ms (datasheet, "SPM Programming Time"); the middle of that. */
export const SPM_OPERATION_MS = 4.1;

/** Flash page size in bytes: 64 words on the 328P, 128 on the 2560. */
export function pageBytes(spec: McuSpec): number {
  return spec.name === 'atmega2560' ? 256 : 128;
}

/**
 * The boot reset address, as a word address, for a high fuse byte; null when BOOTRST is unprogrammed
 * (reset goes to 0). BOOTSZ 11/10/01/00: 256/512/1024/2048 words on the 328P, 512/1024/2048/4096 on
 * the 2560 (datasheets: "Boot Size Configuration").
 */
export function bootResetWord(spec: McuSpec, highFuse: number): number | null {
  if ((highFuse & 0x01) !== 0) return null;
  const bootsz = (highFuse >> 1) & 0x03;
  const smallest = spec.name === 'atmega2560' ? 512 : 256;
  const words = smallest << (3 - bootsz);
  return spec.flashBytes / 2 - words;
}

/** The SPM unit of one chip; a reset builds a new one (the flash array is the board's and stays). */
export class SelfProgramming {
  private readonly pageWords: number;
  private readonly buffer: Uint16Array;
  /** Cycle at which SPMEN was last written, opening the four-cycle window for SPM. */
  private armedAt = -Infinity;
  /** Operation bits written with SPMEN (0: page buffer fill). */
  private command = 0;
  /** An erase or write in progress ends at this cycle. */
  private busyUntil = -Infinity;
  private rwwBusy = false;
  private readonly operationCycles: number;
  /** Flash writes so far, for tests and benchmarks. */
  readonly stats = { erases: 0, writes: 0, fills: 0 };

  constructor(
    private readonly cpu: CPU,
    private readonly spec: McuSpec,
    clockHz: number,
  ) {
    this.pageWords = pageBytes(spec) / 2;
    this.buffer = new Uint16Array(this.pageWords).fill(0xffff);
    this.operationCycles = Math.round((SPM_OPERATION_MS * clockHz) / 1000);
    cpu.readHooks[SPMCSR] = () => this.read();
    cpu.writeHooks[SPMCSR] = (value) => {
      this.write(value);
      return true;
    };
  }

  private get busy(): boolean {
    return this.cpu.cycles < this.busyUntil;
  }

  private read(): number {
    const armed = this.cpu.cycles - this.armedAt <= 4;
    let value = this.rwwBusy ? RWWSB : 0;
    if (this.busy) value |= SPMEN | this.command;
    else if (armed) value |= SPMEN | this.command;
    return value;
  }

  private write(value: number): void {
    // Writes while an operation runs are ignored (the datasheet: SPMCSR is then read-only).
    if (this.busy) return;
    const operation = value & (PGERS | PGWRT | BLBSET | RWWSRE | SIGRD);
    if ((value & SPMEN) === 0) {
      this.armedAt = -Infinity;
      return;
    }
    void SPMIE; // the SPM-ready interrupt is not modelled: no bootloader here enables it
    this.command = operation;
    this.armedAt = this.cpu.cycles;
  }

  /** Called after the core executed an SPM opcode (avr8js treats it as a 1-cycle no-op). True when flash changed (a page erased or written). */
  execute(opcode: number): boolean {
    const cpu = this.cpu;
    const z = cpu.dataView.getUint16(30, true);
    if (opcode === OPCODE_SPM_INC) cpu.dataView.setUint16(30, (z + 2) & 0xffff, true);
    // The window is four cycles from the SPMCSR write to the SPM; the SPM's own cycle is counted.
    if (this.busy || cpu.cycles - this.armedAt > 5) return false;
    this.armedAt = -Infinity;
    const address = this.spec.name === 'atmega2560' ? (cpu.data[RAMPZ]! << 16) | z : z;
    const pageStart = (address >> 1) & ~(this.pageWords - 1) & (this.spec.flashBytes / 2 - 1);
    const flash = cpu.progMem;
    switch (this.command) {
      case 0: {
        // Page buffer fill: r1:r0 at the word Z points to within the page.
        this.buffer[(address >> 1) & (this.pageWords - 1)] = cpu.data[0]! | (cpu.data[1]! << 8);
        this.stats.fills++;
        return false;
      }
      case PGERS:
        flash.fill(0xffff, pageStart, pageStart + this.pageWords);
        this.stats.erases++;
        this.startOperation();
        return true;
      case PGWRT:
        for (let i = 0; i < this.pageWords; i++) flash[pageStart + i]! &= this.buffer[i]!;
        this.buffer.fill(0xffff);
        this.stats.writes++;
        this.startOperation();
        return true;
      case RWWSRE:
        this.rwwBusy = false;
        this.buffer.fill(0xffff);
        return false;
      default:
        // BLBSET, SIGRD or a combination the datasheet leaves undefined: nothing is written.
        return false;
    }
  }

  private startOperation(): void {
    this.busyUntil = this.cpu.cycles + this.operationCycles;
    this.rwwBusy = true;
    // A clock event at the end, so a core skipping a busy-wait on SPMEN lands exactly there.
    this.cpu.addClockEvent(() => undefined, this.operationCycles);
  }
}
