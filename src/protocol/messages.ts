/**
 * The typed messages of firmware/PROTOCOL.md. Every line on the wire is one of these; decoding a
 * line gives one of these or a typed error value, never an exception.
 */
import type { ERR_CODES, OK_VERBS, RESET_CAUSES } from './constants.js';

/** A board type as announced ("uno"): a token on the wire; the board catalogue knows which exist. */
export type BoardType = string;
export type ResetCause = (typeof RESET_CAUSES)[number];
/** The code of an `ERR <code>` line. */
export type ErrCode = (typeof ERR_CODES)[number];
export type OkVerb = (typeof OK_VERBS)[number];

/** Host → board. */
export type HostCommand =
  | { kind: 'who' }
  | { kind: 'led'; channel: number; level: number }
  | { kind: 'fire'; channel: number; ms: number }
  | { kind: 'ping'; seq: number }
  | { kind: 'state'; channel: number }
  | { kind: 'channels'; count: number }
  | { kind: 'setid'; id: string }
  | { kind: 'idle' };

/** The fields BOOT and HELLO share. */
export interface Announcement {
  proto: number;
  /** `MAJOR.MINOR.PATCH`. */
  firmware: string;
  board: BoardType;
  /** 8 lower-case hex digits. */
  id: string;
  channels: number;
  maxChannels: number;
}

/** Board → host. */
export type BoardMessage =
  | ({ kind: 'boot'; reset: ResetCause } & Announcement)
  | ({ kind: 'hello' } & Announcement)
  | { kind: 'btn'; channel: number; pressed: boolean; millis: number }
  | { kind: 'idle'; millis: number }
  | { kind: 'ok'; verb: OkVerb }
  | { kind: 'pong'; seq: number; millis: number }
  | { kind: 'state'; channel: number; level: number; pressed: boolean }
  | { kind: 'err'; code: ErrCode }
  /**
   * A BOOT or HELLO from firmware speaking another protocol version. Only the verb and the version
   * are read (a later version may change the other fields); the host must not drive such a board.
   */
  | { kind: 'incompatible'; announce: 'boot' | 'hello'; proto: number; line: string };

/** A board line that is not valid protocol: `reason` says which rule it broke, for logs. */
export interface ProtocolError {
  kind: 'error';
  reason: string;
  /** The line as received (without the `\n`). */
  line: string;
}

/** A host line the firmware refuses: `code` is what the board answers (`ERR <code>`). */
export interface HostLineError extends ProtocolError {
  code: ErrCode;
}

/** What the board knows when it checks a command's channel and `CHANNELS` count. */
export interface BoardLimits {
  channels: number;
  maxChannels: number;
}
