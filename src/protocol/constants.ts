/**
 * Numbers from firmware/PROTOCOL.md (version 1), named as the spec names them. The firmware has the
 * same table; change both sides in the same commit.
 */

/** `PROTO`: the wire protocol version this host speaks. */
export const PROTOCOL_VERSION = 1;
/** Most characters in a line before the `\n` (a `\r` is ignored and not counted). */
export const MAX_LINE = 48;
/** UART speed, 8N1. */
export const BAUD = 115200;
/** Numbers on the wire are unsigned decimal with at most this many digits. */
export const MAX_DIGITS = 10;
/** `PING` sequence numbers and the board's `millis()` wrap at 2^32. */
export const UINT32_MAX = 0xffff_ffff;
/** `LED` level range: 0 = off, 255 = fully on (PWM duty). */
export const LEVEL_MAX = 255;
/** `FIRE` pulse length range, in ms. */
export const FIRE_MS_MIN = 1;
export const FIRE_MS_MAX = 2000;
/** Board ids that `SETID` refuses (`RANGE`) and that make a board generate a fresh id at boot. */
export const RESERVED_IDS: readonly string[] = ['00000000', 'ffffffff'];

/** A button change is reported after the pin has held its new level this long. */
export const DEBOUNCE_MS = 20;
/** Host silence after which the board sends `IDLE <millis>` and breathes its LEDs. */
export const HOST_SILENCE_MS = 5000;
/** The host pings this often, so a live host never trips the silence watchdog. */
export const HOST_PING_INTERVAL_MS = 1000;
/** Idle animation: a triangle wave of this period between 0 and IDLE_LEVEL_MAX, a quarter period per channel. */
export const IDLE_PERIOD_MS = 2000;
export const IDLE_LEVEL_MAX = 64;
/**
 * After a DTR reset on port open, `BOOT` arrives at most this long later, whatever the bootloader
 * (each board's own figure is in the catalogue, `bootloader.dtrToBootMs`); the host waits this plus a
 * margin (2.5 s, PROTOCOL.md: Link) before it sends anything.
 */
export const BOOT_AFTER_RESET_MAX_MS = 2000;
/**
 * The Arduino core's receive buffer: a 64-byte ring that stores at most 63 bytes (one slot tells
 * full from empty). PROTOCOL.md: Link.
 */
export const BOARD_RX_BUFFER = 63;
/**
 * The most command bytes the host keeps unanswered (PROTOCOL.md: Link). Below BOARD_RX_BUFFER with a
 * margin of 15 bytes for bytes the host did not count (the lone `\n` sent at open, a line written
 * by another program before us), so a busy board never drops command bytes. A single command
 * longer than this (at most 49 bytes) is still sent when nothing else is in flight.
 */
export const HOST_WINDOW_BYTES = BOARD_RX_BUFFER - 15;

/**
 * The most channels a board carries in protocol v1 (the Mega's 8): channel numbers on the wire are
 * below it. Which board types exist, and how many channels each has, is the board catalogue's
 * business (src/catalogue); on the wire a board type is a token (BOARD_TYPE_PATTERN).
 */
export const MAX_CHANNELS_ANY_BOARD = 8;
/** A board type as BOOT and HELLO carry it: lower-case letters, digits and '-'. */
export const BOARD_TYPE_PATTERN = /^[a-z][a-z0-9-]*$/;
export const RESET_CAUSES = ['power', 'external', 'watchdog', 'brownout'] as const;
export const ERR_CODES = ['LONG', 'NOISE', 'UNKNOWN', 'ARGS', 'RANGE', 'CHANNEL'] as const;
/** Verbs the host sends. */
export const COMMAND_VERBS = ['WHO', 'LED', 'FIRE', 'PING', 'STATE', 'CHANNELS', 'SETID', 'IDLE'] as const;
/** Verbs whose success reply is `OK <verb>` (the others answer HELLO, PONG, STATE). */
export const OK_VERBS = ['LED', 'FIRE', 'CHANNELS', 'SETID', 'IDLE'] as const;
