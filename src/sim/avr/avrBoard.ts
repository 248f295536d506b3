/**
 * One emulated Arduino: the real firmware hex running in avr8js, with the board around it (LEDs whose
 * brightness is measured on the pin, buttons that bounce, an EEPROM that survives resets, a UART paced
 * at the baud rate) and the one thing avr8js leaves out that makes dozens of boards affordable:
 * skipping the cycles the CPU spends asleep.
 *
 * Time is the emulated cycle counter; nothing here reads the wall clock. `SimClock` (or a
 * test, through `runFor`/`runUntil`) decides how many cycles to run.
 */
import { CPU, EEPROMMemoryBackend, type AVRIOPort, type AVRUSART } from 'avr8js';
import { createRng } from '../../core/rng.js';
import { AvrButtons } from './avrButtons.js';
import type { BoardProfile } from '../../catalogue/schema.js';
import { flashImage, type HexFiles } from './flashImage.js';
import { mcuPin, mcuSpec, type McuPin, type McuSpec } from './mcu.js';
import { PinRecorder } from './pinRecorder.js';
import { HostUart } from './hostUart.js';
import { attachPeripherals } from './peripherals.js';
import { SleepingCore } from './sleepingCore.js';
import { SelfProgramming } from './selfProgramming.js';
import { carrySram, installBootloader, setResetFlags, type ResetCause } from './chipReset.js';

export type { ResetCause } from './chipReset.js';

export interface AvrBoardOptions {
  /** The board kind, from the catalogue. */
  profile: BoardProfile;
  /** Where the hex files come from (the firmware and the profile's bootloader): the host's reader. */
  files: HexFiles;
  /** The firmware: a flash image, or a .hex path for `files`. Default: the profile's committed hex. */
  firmware?: Uint8Array | string;
  /** Initial EEPROM contents (the rest reads 0xff, as shipped). Kept across resets, never across new boards. */
  eeprom?: Uint8Array;
  /** Seeds button bounce and ADC noise, so a run repeats. */
  seed?: number;
  /** Skip the cycles the CPU sleeps through (default true). Off is only for measuring that skipping changes nothing. */
  sleepSkipping?: boolean;
  /**
   * Schedule timers from one compare match / overflow to the next instead of tick by tick (default
   * true; see timerLookahead.ts). Off only to check that it changes nothing.
   */
  timerLookahead?: boolean;
  /**
   * Put the profile's bootloader in flash and start there at every reset, as the board ships
   * (default: the profile's bootloader.emulated, else true). False: the flash holds only `firmware`
   * and reset starts at 0, as on a board programmed over ISP without a bootloader.
   */
  bootloader?: boolean;
  /** How long a press or release bounces, in ms (default 3). A press or release is held at least this plus the debounce (see heldContact.ts). */
  bounceMs?: number;
  /**
   * The window over which an LED's PWM duty is measured, in ms. Default 24.48 ms: exactly 12 periods
   * of Arduino's 490 Hz PWM (timers 1/2, and 3/4/5 on the Mega) and 24 of its 980 Hz PWM (timer 0),
   * so a steady level measures without a partial-period error.
   */
  pwmWindowMs?: number;
}

export class AvrBoard {
  readonly profile: BoardProfile;
  readonly mcu: McuSpec;
  readonly clockHz: number;
  /** The EEPROM cells; the same array across every reset of this board. */
  readonly eeprom: Uint8Array;
  /** The serial line to the host (USB-serial on a real board). */
  readonly uart: HostUart;
  /** Called after every reset, with its cause (the firmware will announce itself shortly). */
  onReset: ((cause: ResetCause) => void) | null = null;

  /**
   * Cycles executed instruction by instruction, cycles jumped over while asleep (or busy-waiting),
   * and cycles of libgcc's division computed at once (libgccDivision.ts).
   */
  readonly stats = { executedCycles: 0, skippedCycles: 0, computedCycles: 0, resets: 0 };
  readonly sleepSkipping: boolean;
  readonly timerLookahead: boolean;
  /** Board powered: false while unplugged (nothing runs). */
  powered = true;

  /** This board's flash: its own copy, since SPM (a bootloader) can rewrite it. Survives resets. */
  readonly progMem: Uint16Array;
  /** Where reset jumps (word address): the boot section when the profile's BOOTRST fuse is programmed. */
  readonly resetVector: number;
  /** The current chip's SPM unit (replaced at every reset; the flash it writes stays). */
  spm!: SelfProgramming;
  private readonly eepromBackend: EEPROMMemoryBackend;
  private readonly random: () => number;
  private readonly pwmWindowCycles: number;
  private usart!: AVRUSART;
  private ports = new Map<string, AVRIOPort>();
  private readonly leds: PinRecorder[];
  private readonly ledPins: McuPin[];
  private readonly buttons: AvrButtons;
  /** The chip's core and its sleep-skipping loop; replaced at every reset. */
  private core!: SleepingCore;

  constructor(options: AvrBoardOptions) {
    this.profile = options.profile;
    this.mcu = mcuSpec(this.profile.mcu);
    this.clockHz = this.profile.clockHz;
    this.uart = new HostUart(this.profile.baudRate);
    this.sleepSkipping = options.sleepSkipping ?? true;
    this.timerLookahead = options.timerLookahead ?? true;
    // A copy: boards built from the same hex share the cached image, and SPM writes to its own flash.
    this.progMem = flashImage(this.mcu, options.firmware ?? this.profile.firmware, options.files).slice();
    const withBootloader = options.bootloader ?? this.profile.bootloader?.emulated ?? true;
    this.resetVector = installBootloader(this.progMem, this.mcu, this.profile, withBootloader, options.files);
    this.eepromBackend = new EEPROMMemoryBackend(this.profile.eepromBytes);
    this.eeprom = this.eepromBackend.memory;
    if (options.eeprom) this.eeprom.set(options.eeprom.subarray(0, this.eeprom.length));
    const rng = createRng(options.seed ?? 1);
    this.random = () => rng.next();
    this.pwmWindowCycles = Math.round(((options.pwmWindowMs ?? 24.48) * this.clockHz) / 1000);
    this.ledPins = this.profile.channels.ledPins.map((p) => mcuPin(this.profile, p));
    const buttonPins = this.profile.channels.buttonPins.map((p) => mcuPin(this.profile, p));
    this.buttons = new AvrButtons(buttonPins, this.clockHz, options.bounceMs ?? 3, this.random, this.profile.name);
    this.leds = this.ledPins.map(() => new PinRecorder());
    this.build('power');
  }

  private get cpu(): CPU {
    return this.core.cpu;
  }

  /** Emulated cycles since the board was created (monotonic across resets). */
  get cycles(): number {
    return this.cpu.cycles;
  }

  /** Emulated milliseconds since the board was created. */
  get timeMs(): number {
    return (this.cpu.cycles * 1000) / this.clockHz;
  }

  get channelCount(): number {
    return this.ledPins.length;
  }

  /** The UART's current baud rate as the firmware configured it (0 before Serial.begin). */
  get uartBaudRate(): number {
    return this.usart.rxEnable || this.usart.txEnable ? this.usart.baudRate : 0;
  }

  /** Resets the board like its RESET pin (DTR, the button), a power cycle, or a watchdog would. EEPROM stays. */
  reset(cause: ResetCause = 'external'): void {
    this.build(cause);
  }

  /** True while the CPU runs in the boot section (the bootloader), not the sketch. */
  get inBootloader(): boolean {
    return this.resetVector > 0 && this.cpu.pc >= this.resetVector;
  }

  /** Pushes channel `ch`'s button down (pin to GND, bouncing), once the last release has held long enough to count. */
  press(ch: number): void {
    this.buttons.set(ch, true);
  }

  /** Lets it go, once the press has held long enough to count (see heldContact.ts). */
  release(ch: number): void {
    this.buttons.set(ch, false);
  }

  /** Moves the contact now, however short the last level held: for testing the firmware's debounce. */
  setContact(ch: number, down: boolean): void {
    this.buttons.force(ch, down);
  }

  /** Where the contact is now (a waiting press or release has not moved it yet). */
  isPressed(ch: number): boolean {
    return this.buttons.isDown(ch);
  }

  /** Presses and releases on channel `ch` still waiting for their turn. */
  pendingMoves(ch: number): number {
    return this.buttons.pending(ch);
  }

  /**
   * Channel `ch`'s LED brightness as measured on its pin: the fraction of the last `windowMs` the pin
   * was high (0..1). This is what a person sees, and it is right at 0 and 255 too, where analogWrite
   * stops the PWM and drives the pin with digitalWrite.
   */
  ledDuty(ch: number, windowMs?: number): number {
    const recorder = this.leds[ch];
    if (!recorder) throw new RangeError(`channel ${ch} is not on this ${this.profile.name} (0..${this.leds.length - 1})`);
    const window = windowMs === undefined ? this.pwmWindowCycles : Math.round((windowMs * this.clockHz) / 1000);
    return recorder.duty(this.cpu.cycles, window);
  }

  /** ledDuty scaled to the protocol's 0..255 LED level. */
  ledLevel(ch: number, windowMs?: number): number {
    return Math.round(this.ledDuty(ch, windowMs) * 255);
  }

  /** The level an Arduino pin is driven to right now (false for an input). */
  pinHigh(arduinoPin: number): boolean {
    const pin = mcuPin(this.profile, arduinoPin);
    const port = this.port(pin.port);
    const ddr = this.cpu.data[port.portConfig.DDR]!;
    return ((this.cpu.data[port.portConfig.PIN]! & ddr) >> pin.bit & 1) === 1;
  }

  /** Runs `cycles` more emulated cycles (skipping sleep when enabled). */
  run(cycles: number): void {
    if (!this.powered) return;
    this.uart.pump();
    const target = this.cpu.cycles + cycles;
    while (this.cpu.cycles < target) {
      const { executed, skipped, computed } = this.core.execute(target);
      this.stats.executedCycles += executed;
      this.stats.skippedCycles += skipped;
      this.stats.computedCycles += computed;
      if (this.core.resetPending) this.build('watchdog');
    }
  }

  /** Runs `ms` of emulated time, in 1 ms steps so host bytes start flowing as soon as the UART is on. */
  runFor(ms: number): void {
    const step = this.clockHz / 1000;
    let left = Math.round((ms * this.clockHz) / 1000);
    while (left > 0) {
      const n = Math.min(step, left);
      this.run(n);
      left -= n;
    }
  }

  /**
   * Runs until `predicate()` holds, checking every `stepMs` of emulated time; throws after `maxMs`.
   * Returns the emulated ms it took.
   */
  runUntil(predicate: () => boolean, maxMs: number, stepMs = 1): number {
    const start = this.timeMs;
    while (!predicate()) {
      if (this.timeMs - start >= maxMs) {
        throw new Error(`${this.profile.name}: condition not met within ${maxMs} ms of emulated time`);
      }
      this.runFor(stepMs);
    }
    return this.timeMs - start;
  }

  // --- internals ------------------------------------------------------------------------------

  /** Builds a fresh CPU and peripherals (avr8js's cpu.reset() resets only the core); keeps the EEPROM. */
  private build(cause: ResetCause): void {
    const spec = this.mcu;
    const previous = this.core?.cpu as CPU | undefined;
    const cycles = previous ? previous.cycles : 0;
    const cpu = new CPU(this.progMem, spec.sramBytes);
    cpu.cycles = cycles;
    carrySram(cpu, previous, spec, cause, this.random);
    this.spm = new SelfProgramming(cpu, spec, this.clockHz);
    cpu.pc = this.resetVector;
    const core = new SleepingCore(cpu, spec.SMCR, this.sleepSkipping, this.spm);
    // The watchdog resets the chip by calling cpu.reset(); turn that into a full rebuild.
    cpu.reset = () => {
      core.resetPending = true;
    };
    this.core = core;
    // A reset meets the bytes still on the wire: the UART is off until the bootloader turns it on.
    if (previous) this.uart.flush();
    const { ports, usart } = attachPeripherals(cpu, {
      spec,
      clockHz: this.clockHz,
      eeprom: this.eepromBackend,
      timerLookahead: this.timerLookahead,
      random: this.random,
    });
    this.ports = ports;
    this.usart = usart;
    this.uart.attach(cpu, usart);
    setResetFlags(cpu, spec, cause);

    this.ledPins.forEach((pin, ch) => {
      const port = this.port(pin.port);
      const recorder = this.leds[ch]!;
      const mask = 1 << pin.bit;
      const ddrAddr = port.portConfig.DDR;
      recorder.set(cycles, false); // a reset tri-states every pin: the LED goes dark
      port.addListener((value) => {
        recorder.set(cpu.cycles, (value & cpu.data[ddrAddr]! & mask) !== 0);
      });
    });
    this.buttons.attach(cpu, (letter) => this.port(letter));
    this.stats.resets++;
    if (cycles > 0 || cause !== 'power') this.onReset?.(cause);
  }

  private port(letter: string): AVRIOPort {
    const port = this.ports.get(letter);
    if (!port) throw new Error(`${this.profile.name}: MCU ${this.mcu.name} has no port ${letter}`);
    return port;
  }
}
