/**
 * A small in-process board that speaks protocol v1 over the mock serial layer, for fast unit tests of
 * the host side. It follows firmware/PROTOCOL.md the way the firmware does (line framing, every ERR,
 * debounce, silence watchdog, fire pulse, BOOT on the DTR reset of a port open) by reusing
 * src/protocol, and keeps no timing it does not need. Time comes from an injectable FakeClock; the
 * serial line from the host (on Node, @serialport/binding-mock: src/hosts/node/mockSerialLink.ts).
 */
import type { BoardProfile } from '../../catalogue/schema.js';
import type { SerialBinding } from '../../platform/serialBinding.js';
import {
  decodeHostLine,
  encodeBoardMessage,
  HOST_SILENCE_MS,
  IDLE_LEVEL_MAX,
  IDLE_PERIOD_MS,
  LEVEL_MAX,
  LineFramer,
  PROTOCOL_VERSION,
  type BoardMessage,
  type BoardType,
  type HostCommand,
  type ResetCause,
} from '../../protocol/index.js';
import { systemClock, type FakeClock } from './clock.js';
import { HeldContact, minHoldMs } from '../heldContact.js';
import { FakeButtons } from './fakeButtons.js';

/** What the board hears from its end of the line. */
export interface FakeLinkHandlers {
  /** The host opened the port. */
  opened(): void;
  /** Bytes the host wrote. */
  received(bytes: Uint8Array): void;
}

/** The cable and port of one fake board, as the host makes them. */
export interface FakeLink {
  /** What the host opens. */
  readonly binding: SerialBinding;
  /** True while a host has the port open. */
  readonly isOpen: boolean;
  /** Sends raw text to the host (one byte per character); dropped when no host has the port open. */
  send(text: string): void;
  /** The cable is pulled: the host's port fails as after a USB yank, and cannot be opened. */
  unplug(): void;
  replug(): void;
}

export interface FakeBoardOptions {
  /** The kind of board it pretends to be (from the catalogue): the type it announces, its channels. */
  profile: BoardProfile;
  /** Makes its serial line (the host's). */
  link: (path: string, handlers: FakeLinkHandlers) => FakeLink;
  path?: string;
  id?: string;
  firmware?: string;
  /** The protocol version it announces (set another to test the host's refusal). */
  proto?: number;
  channels?: number;
  /** Opening the port resets the board (DTR, as on an Uno or Nano) and it prints BOOT; default: as its profile says. */
  resetOnOpen?: boolean;
  /** How long after a reset BOOT comes (the bootloader's time); default 0. */
  bootDelayMs?: number;
  clock?: FakeClock;
}

export interface FirePulse {
  channel: number;
  ms: number;
  /** The board's millis when it started. */
  atMillis: number;
}

let nextFakeId = 0;

export class FakeBoard {
  readonly path: string;
  readonly board: BoardType;
  readonly maxChannels: number;
  readonly firmware: string;
  readonly proto: number;
  /** Persistent (EEPROM) state: survives resets and unplugging. */
  id: string;
  channels: number;
  /** Set levels (what STATE reads), every fire pulse, every host line (a long one as `<long line>`). */
  readonly levels: number[];
  readonly fires: FirePulse[] = [];
  readonly hostLines: string[] = [];
  /** Showing the idle animation. */
  idle = false;
  /** When true the board takes lines but never answers (a wedged board, for timeout tests). */
  muted = false;

  private readonly link: FakeLink;
  private readonly clock: FakeClock;
  private readonly framer = new LineFramer();
  private readonly resetOnOpen: boolean;
  private readonly bootDelayMs: number;
  private readonly buttons: FakeButtons;
  /** The visitor's side of each button: presses and releases held long enough for the debounce. */
  private readonly contacts: HeldContact[];
  private readonly fireUntil: number[];
  private watchdog: unknown = null;
  private bootTimer: unknown = null;
  private bootAt = 0;
  private powered = false;

  constructor(options: FakeBoardOptions) {
    this.board = options.profile.announces;
    this.maxChannels = options.profile.channels.max;
    const serial = nextFakeId++;
    this.path = options.path ?? `fake:${options.profile.name}:${serial}`;
    this.id = options.id ?? (0x3f2a91c0 + serial).toString(16).padStart(8, '0');
    this.firmware = options.firmware ?? '0.1.0';
    this.proto = options.proto ?? PROTOCOL_VERSION;
    this.channels = options.channels ?? 1;
    this.resetOnOpen = options.resetOnOpen ?? options.profile.resetOnOpen;
    this.bootDelayMs = options.bootDelayMs ?? 0;
    this.clock = options.clock ?? systemClock;
    this.levels = new Array<number>(this.maxChannels).fill(0);
    this.fireUntil = new Array<number>(this.maxChannels).fill(0);
    this.buttons = new FakeButtons(this.maxChannels, this.clock, () => this.channels, (channel, pressed) =>
      this.send({ kind: 'btn', channel, pressed, millis: this.millis() }),
    );
    // The fake's contact does not bounce and its debounce is exact; the hold still keeps the usual margin.
    const time = { now: () => this.clock.now(), after: (ms: number, fn: () => void) => void this.clock.setTimer(fn, ms) };
    this.contacts = this.levels.map(
      (_, ch) => new HeldContact(minHoldMs(), time, (down) => this.buttons.setPin(ch, down, this.powered), false, `${this.path} button ${ch}`),
    );
    this.link = options.link(this.path, {
      opened: () => {
        if (this.resetOnOpen) this.reset('external');
      },
      received: (bytes) => {
        if (this.powered) for (const framed of this.framer.push(bytes)) this.hostLine(framed.kind === 'line' ? framed.text : null);
      },
    });
    this.reset('power');
  }

  /** What the host opens. */
  get binding(): SerialBinding {
    return this.link.binding;
  }

  get isOpen(): boolean {
    return this.link.isOpen;
  }

  /** The debounced button states (what BTN and STATE report). */
  get pressed(): readonly boolean[] {
    return this.buttons.pressed;
  }

  /** The board's millis(): ms since its last reset, wrapping at 2^32. */
  millis(): number {
    return Math.floor(this.clock.now() - this.bootAt) % 2 ** 32;
  }

  /** The level the LED shows now: the fire pulse, else the idle animation, else the set level. */
  ledLevel(channel: number): number {
    if (!this.powered) return 0;
    if (this.clock.now() < (this.fireUntil[channel] ?? 0)) return LEVEL_MAX;
    if (this.idle) {
      const phase = (((this.millis() - channel * (IDLE_PERIOD_MS / 4)) % IDLE_PERIOD_MS) + IDLE_PERIOD_MS) % IDLE_PERIOD_MS;
      const half = IDLE_PERIOD_MS / 2;
      return Math.round(((phase < half ? phase : IDLE_PERIOD_MS - phase) * IDLE_LEVEL_MAX) / half);
    }
    return this.levels[channel] ?? 0;
  }

  /**
   * Pushes the button down as a visitor does (reported after the debounce time). A press or release
   * that follows the last one sooner than the debounce could see waits, on this board's clock, until it counts.
   */
  press(channel: number): void {
    this.contact(channel).set(true);
  }

  release(channel: number): void {
    this.contact(channel).set(false);
  }

  /** Moves the pin at once, however short the last level held: to test the debounce itself. */
  setContact(channel: number, down: boolean): void {
    this.contact(channel).force(down);
  }

  /** Presses and releases still waiting for their turn on `channel`. */
  pendingMoves(channel: number): number {
    return this.contact(channel).pending;
  }

  private contact(channel: number): HeldContact {
    const contact = this.contacts[channel];
    if (!contact) throw new RangeError(`fake board has no channel ${channel}`);
    return contact;
  }

  /** Sends raw text to the host, as is (garbage, half lines, noise). */
  inject(text: string): void {
    this.link.send(text);
  }

  /** Yanks the cable: the host's port errors and closes; the board loses power. */
  unplug(): void {
    this.link.unplug();
    this.powerOff();
  }

  /** Plugs it back in: the board powers up and the port can be opened again. */
  replug(): void {
    this.link.replug();
    this.reset('power');
  }

  /** Resets the board (as DTR, the reset button or the watchdog would): LEDs dark, BOOT after bootDelayMs. */
  reset(cause: ResetCause = 'external'): void {
    this.powerOff();
    this.powered = true;
    this.bootAt = this.clock.now();
    this.buttons.boot();
    this.armWatchdog();
    const announce = () => {
      this.bootTimer = null;
      this.send({ kind: 'boot', ...this.identity(), reset: cause });
    };
    if (this.bootDelayMs > 0) this.bootTimer = this.clock.setTimer(announce, this.bootDelayMs);
    else announce();
  }

  private powerOff(): void {
    this.powered = false;
    this.idle = false;
    this.framer.reset();
    this.levels.fill(0);
    this.fireUntil.fill(0);
    for (const timer of [this.watchdog, this.bootTimer]) if (timer !== null) this.clock.clearTimer(timer);
    this.watchdog = this.bootTimer = null;
    this.buttons.stop();
  }

  private identity() {
    const { proto, firmware, board, id, channels, maxChannels } = this;
    return { proto, firmware, board, id, channels, maxChannels };
  }

  private send(message: BoardMessage): void {
    this.link.send(`${encodeBoardMessage(message)}\n`);
  }

  private armWatchdog(): void {
    if (this.watchdog !== null) this.clock.clearTimer(this.watchdog);
    this.watchdog = this.clock.setTimer(() => {
      this.watchdog = null;
      this.idle = true;
      this.send({ kind: 'idle', millis: this.millis() });
    }, HOST_SILENCE_MS);
  }

  /**
   * One line from the host (`null`: it was too long). As in the firmware, every answered (non-empty)
   * line restarts the silence watchdog and, unless it is a good IDLE, ends the idle animation.
   */
  private hostLine(text: string | null): void {
    this.hostLines.push(text ?? '<long line>');
    const decoded = text === null ? ({ kind: 'error', code: 'LONG' } as const) : decodeHostLine(text, this);
    if (decoded === null) return;
    this.armWatchdog();
    this.idle = decoded.kind === 'idle';
    const reply: BoardMessage = decoded.kind === 'error' ? { kind: 'err', code: decoded.code } : this.carryOut(decoded);
    if (!this.muted) this.send(reply);
  }

  private carryOut(command: HostCommand): BoardMessage {
    switch (command.kind) {
      case 'who':
        return { kind: 'hello', ...this.identity() };
      case 'led':
        this.levels[command.channel] = command.level;
        return { kind: 'ok', verb: 'LED' };
      case 'fire':
        this.fireUntil[command.channel] = this.clock.now() + command.ms;
        this.fires.push({ channel: command.channel, ms: command.ms, atMillis: this.millis() });
        return { kind: 'ok', verb: 'FIRE' };
      case 'ping':
        return { kind: 'pong', seq: command.seq, millis: this.millis() };
      case 'state':
        return { kind: 'state', channel: command.channel, level: this.levels[command.channel] ?? 0, pressed: this.pressed[command.channel] ?? false };
      case 'channels':
        this.channels = command.count;
        return { kind: 'ok', verb: 'CHANNELS' };
      case 'setid':
        this.id = command.id;
        return { kind: 'ok', verb: 'SETID' };
      case 'idle':
        return { kind: 'ok', verb: 'IDLE' };
    }
  }
}
