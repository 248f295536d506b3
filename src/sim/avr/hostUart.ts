/**
 * The host's end of an emulated board's serial line. Host → board bytes reach the UART one per
 * character time, in order (as on the wire, so a burst cannot overrun the firmware faster than real
 * hardware would); board → host bytes are handed out once their 10 bit-times have gone out. A host
 * at another baud rate than the firmware's UART gets garbled bytes both ways.
 *
 * The UART and CPU are rebuilt at every reset; `attach` connects the line to the new ones.
 */
import type { AVRUSART, CPU } from 'avr8js';

/** avr8js keeps the character time private; the pacing needs it. */
const cyclesPerChar = (usart: AVRUSART): number => (usart as unknown as { cyclesPerChar: number }).cyclesPerChar;
/** …and its register addresses (UDR to see the firmware read a byte, UCSRA for RXC). */
const registers = (usart: AVRUSART): { UDR: number; UCSRA: number } => (usart as unknown as { config: { UDR: number; UCSRA: number } }).config;
const UCSRA_RXC = 0x80;

export class HostUart {
  /** Board → host: each byte once its 10 bit-times have gone out on the wire. */
  onTransmit: ((byte: number) => void) | null = null;
  /** Set while a host has the port open: only then is the board's output worth low-latency slices. */
  hostListening = false;
  /**
   * The host side's baud rate. When it differs from the UART's by more than 5 % (a host at 115200
   * talking to StandardFirmata at 57600), bytes arrive garbled both ways, as on a real wire.
   */
  hostBaudRate: number;

  private cpu!: CPU;
  private usart!: AVRUSART;
  private rxQueue: number[] = [];
  private rxHead = 0;
  private rxNotBefore = 0;
  private rxWakeScheduled = false;
  private lastTransmitCycle = -Infinity;
  /** A byte is being shifted in (one character time). */
  private shifting = false;
  /** The receive FIFO's second byte, behind the unread one in UDR (avr8js models only UDR). */
  private held: number | null = null;

  constructor(hostBaudRate: number) {
    this.hostBaudRate = hostBaudRate;
  }

  attach(cpu: CPU, usart: AVRUSART): void {
    this.cpu = cpu;
    this.usart = usart;
    this.rxWakeScheduled = false;
    this.shifting = false;
    this.held = null;
    usart.onByteTransmit = (byte) => this.transmit(byte);
    usart.onRxComplete = () => this.pump();
    // The chip's receive FIFO is two bytes deep: when the firmware reads UDR, a held second byte
    // moves up at once. Without it a bootloader busy with something else (optiboot blinking its LED
    // after reset) loses the host's first command byte, where real hardware keeps it.
    const { UDR } = registers(usart);
    const readUdr = cpu.readHooks[UDR];
    cpu.readHooks[UDR] = (addr) => {
      const value = readUdr ? readUdr(addr) : cpu.data[UDR]!;
      if (this.held !== null && this.cpu === cpu) {
        const next = this.held;
        this.held = null;
        usart.writeByte(next, true);
      }
      return value;
    };
  }

  /**
   * Host → board bytes. `delayCycles` holds the first one back: a realtime clock passes how far the
   * board lags the wall clock, so bytes written now do not land in the board's past (which would
   * beat the wire).
   */
  write(bytes: Uint8Array | readonly number[], delayCycles = 0): void {
    if (this.pending === 0 && delayCycles > 0) this.rxNotBefore = Math.max(this.rxNotBefore, this.cpu.cycles + Math.round(delayCycles));
    for (const b of bytes) this.rxQueue.push(b & 0xff);
    this.pump();
  }

  /** Bytes the host has sent that the UART has not taken in yet. */
  get pending(): number {
    return this.rxQueue.length - this.rxHead;
  }

  /** Drops bytes not yet delivered (the host flushed its output, or a reset met them on the way). */
  flush(): void {
    this.rxQueue = [];
    this.rxHead = 0;
  }

  /** True while the board is sending to a listening host (a byte went out within the last two character times). */
  get transmitting(): boolean {
    return this.hostListening && this.cpu.cycles - this.lastTransmitCycle < 2 * cyclesPerChar(this.usart);
  }

  /** Hands the UART the next byte if it can take one now, else arranges to try when it can. */
  pump(): void {
    if (this.rxHead >= this.rxQueue.length || !this.usart.rxEnable || this.shifting) return;
    const wait = this.rxNotBefore - this.cpu.cycles;
    if (wait > 0) {
      if (!this.rxWakeScheduled) {
        this.rxWakeScheduled = true;
        const cpu = this.cpu;
        cpu.addClockEvent(() => {
          this.rxWakeScheduled = false;
          if (this.cpu === cpu) this.pump();
        }, wait);
      }
      return;
    }
    const byte = this.rxQueue[this.rxHead]!;
    this.rxHead++;
    if (this.rxHead > 1024 && this.rxHead * 2 > this.rxQueue.length) {
      this.rxQueue = this.rxQueue.slice(this.rxHead);
      this.rxHead = 0;
    }
    const wire = this.baudMismatch() ? garble(byte) : byte;
    // One character time on the wire, then the byte lands in the FIFO (see land()).
    this.shifting = true;
    const cpu = this.cpu;
    cpu.addClockEvent(() => {
      if (this.cpu !== cpu) return; // a reset met the byte on the way
      this.shifting = false;
      this.land(wire);
      this.pump();
    }, cyclesPerChar(this.usart));
  }

  /** A byte fully shifted in: into UDR, or behind the unread one there; with both full it is lost (data overrun), as on the chip. */
  private land(byte: number): void {
    if (!this.usart.rxEnable) return;
    const unread = (this.cpu.data[registers(this.usart).UCSRA]! & UCSRA_RXC) !== 0;
    if (!unread) this.usart.writeByte(byte, true);
    else if (this.held === null) this.held = byte;
  }

  private transmit(byte: number): void {
    this.lastTransmitCycle = this.cpu.cycles;
    const out = this.baudMismatch() ? garble(byte) : byte;
    // The byte reaches the host after its start bit, 8 data bits and stop bit have gone out.
    this.cpu.addClockEvent(() => this.onTransmit?.(out), cyclesPerChar(this.usart));
  }

  private baudMismatch(): boolean {
    return Math.abs(this.usart.baudRate - this.hostBaudRate) / this.hostBaudRate > 0.05;
  }
}

/** What a byte looks like sampled at the wrong baud rate: not the byte (deterministic, mostly non-ASCII). */
function garble(byte: number): number {
  return ((byte * 13 + 0x5b) & 0x7f) | 0x80;
}
