/** What SerialNeuronBoard tells a person: what each ERR reply means, why a port would not open. */
import { isNbError } from '../core/errors.js';
import type { Announcement, ErrCode } from '../protocol/index.js';
import type { BoardIdentity } from './board.js';

export const ERR_HINTS: Record<ErrCode, string> = {
  LONG: 'the line was longer than 48 characters (a host bug: please report it)',
  NOISE: 'the board received a corrupted byte (a loose cable, electrical noise, or a wrong baud rate)',
  UNKNOWN: 'its firmware does not know this command: flash it with `neuroboard flash`',
  ARGS: 'it could not read the fields (a host bug: please report it)',
  RANGE: 'a value is out of range for this board',
  CHANNEL: 'that channel is not in use on the board: check the rig, or raise the board\'s channel count',
};

export function toIdentity(m: Announcement): BoardIdentity {
  return { id: m.id, board: m.board, protocol: m.proto, firmware: m.firmware, channels: m.channels, maxChannels: m.maxChannels };
}

export function openHint(path: string, err: unknown): string {
  // A binding that already says what to do (Web Serial: another tab has it, a board to choose again) is not second-guessed.
  if (isNbError(err)) return err.message;
  const message = err instanceof Error ? err.message : String(err);
  let hint = 'Check that the board is plugged in and the path is right (`neuroboard ports` lists them).';
  if (/EACCES|permission/i.test(message)) hint = 'On Linux, add yourself to the dialout group (`sudo usermod -aG dialout $USER`) and log in again.';
  else if (/EBUSY|lock|resource busy/i.test(message)) hint = 'Another program has it open (the Arduino IDE serial monitor?): close it.';
  return `Cannot open ${path}: ${message}. ${hint}`;
}
