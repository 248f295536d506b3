/**
 * One interface for "a physical neuron board", whatever carries it (our firmware over a serial port,
 * StandardFirmata through johnny-five, the firmware in the emulator, or the in-process fake). The
 * runtime only ever sees this; it never asks which transport it has.
 */

export type TransportKind = 'serial' | 'firmata' | 'sim' | 'fake';

/** What a board says about itself (our firmware's BOOT/HELLO; Firmata boards fill what they can). */
export interface BoardIdentity {
  /** Persistent id, 8 lower-case hex digits (EEPROM on our firmware; derived from the port for Firmata). */
  id: string;
  /** Board type as announced: "uno", "nano", "mega" (or "firmata"). */
  board: string;
  protocol: number;
  firmware: string;
  /** Channels in use, and the most this board supports. */
  channels: number;
  maxChannels: number;
}

export interface ButtonEvent {
  channel: number;
  pressed: boolean;
  /** The board's own millisecond clock when the debounced change was accepted (wraps at 2^32). */
  boardMs: number;
}

export interface BoardHealth {
  online: boolean;
  /** Host clock (Date.now()) when the last line came from the board, or null if never: for showing. */
  lastSeenMs: number | null;
  /**
   * The same moment on the monotonic clock (performance.now()): for measuring silence. A wall-clock
   * jump (NTP setting a Raspberry Pi's clock at boot, hours forward; a manual fix, backward) moves
   * lastSeenMs but not this, so it can neither call every board silent nor hide a silent one.
   */
  lastSeenAt: number | null;
  /** Round-trip time of the last ping, in ms, or null before the first pong. */
  rttMs: number | null;
}

export interface BoardEvents {
  /**
   * The board (re)booted while open: its LEDs are dark again and the host must resend state. Not
   * emitted for the BOOT that completes open() (the caller sends state after open anyway).
   * `resetCause` is the firmware's: "power", "external", "watchdog", "brownout".
   */
  boot: (identity: BoardIdentity, resetCause: string) => void;
  button: (event: ButtonEvent) => void;
  /** The board's host-silence watchdog fired. */
  idle: () => void;
  /**
   * The link is gone (unplugged, port error, closed). `error` is undefined for a clean close(),
   * otherwise an NbError: NB_ERR_BOARD_OFFLINE (unplugged, port error) or NB_ERR_PROTOCOL_VERSION
   * (the board rebooted into firmware of another protocol version). Emitted once per open link; a
   * failed open() rejects instead.
   */
  close: (error?: Error) => void;
  /** A line that could not be understood; the board stays open, the runtime decides about quarantine. */
  garbage: (line: string, reason: string) => void;
}

export interface NeuronBoard {
  readonly transport: TransportKind;
  /** Port path or sim address, for messages ("sim:uno:0", "/dev/ttyACM0"). */
  readonly path: string;
  /** Known after open() resolves. */
  readonly identity: BoardIdentity | null;
  readonly health: BoardHealth;

  /**
   * Opens the link and resolves once the board has identified itself. Rejects with an NbError
   * (NB_ERR_PORT_OPEN, NB_ERR_BOARD_TIMEOUT, NB_ERR_PROTOCOL_VERSION, NB_ERR_BOARD_OFFLINE). May be
   * called again after a 'close' to reconnect.
   *
   * Every command below rejects with an NbError: NB_ERR_INVALID_ARGUMENT (checked before sending),
   * NB_ERR_BOARD_OFFLINE (not open, or the link went), NB_ERR_BOARD_TIMEOUT (no reply),
   * NB_ERR_BOARD_ERROR_REPLY (the board answered ERR), NB_ERR_BOARD_BUSY (too many waiting).
   */
  open(): Promise<BoardIdentity>;
  /**
   * Sets a channel's LED level, an integer 0–255. A newer level for a channel may supersede one not
   * yet sent: both calls then resolve once the newer one is applied.
   */
  setLed(channel: number, level: number): Promise<void>;
  /** A visible fire pulse: full brightness for `ms` (1–2000, default 150), then back to the level. */
  fire(channel: number, ms?: number): Promise<void>;
  /** Round trip in ms. */
  ping(): Promise<number>;
  /** Shows the idle animation (used at shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
  /**
   * Sends one raw protocol line and resolves with the board's reply line, whatever it is (an ERR
   * too). For diagnostics and scenario files; transports without a line protocol (Firmata) lack it.
   */
  raw?(line: string): Promise<string>;

  on<E extends keyof BoardEvents>(event: E, listener: BoardEvents[E]): this;
  off<E extends keyof BoardEvents>(event: E, listener: BoardEvents[E]): this;
}
