/** Field-level rules shared by both directions (PROTOCOL.md, "Link"). */
import { MAX_DIGITS } from './constants.js';

const DIGITS = /^[0-9]+$/;
const BOARD_ID = /^[0-9a-f]{8}$/;
const FIRMWARE_VERSION = /^(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})$/;

/**
 * An unsigned decimal field: digits only (no sign, no `+`), 1 to 10 of them. Returns null when the
 * field is not a number at all (the firmware answers `ARGS`); range checks are the caller's (`RANGE`).
 */
export function parseUnsigned(field: string): number | null {
  if (field.length === 0 || field.length > MAX_DIGITS || !DIGITS.test(field)) return null;
  return Number(field);
}

/** True for exactly 8 lower-case hex digits. */
export function isBoardId(field: string): boolean {
  return BOARD_ID.test(field);
}

/** True for `MAJOR.MINOR.PATCH` without leading zeros (each part at most 3 digits, to keep lines short). */
export function isFirmwareVersion(field: string): boolean {
  return FIRMWARE_VERSION.test(field);
}

/** True for an integer in [min, max]. */
export function isIntIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** Index of the first character outside printable ASCII (0x20–0x7E), or -1. */
export function firstNonPrintable(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return i;
  }
  return -1;
}

/** Removes every `\r`: the spec ignores it anywhere in a line. */
export function stripCarriageReturns(line: string): string {
  return line.includes('\r') ? line.replaceAll('\r', '') : line;
}

/** A short printable rendering of a line for error messages (noise shown as \xNN, long lines cut). */
export function describeLine(line: string, max = 64): string {
  let out = '';
  for (let i = 0; i < line.length && out.length < max; i++) {
    const c = line.charCodeAt(i);
    out += c >= 0x20 && c <= 0x7e ? line[i] : `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return line.length > max ? `${out}…` : out;
}
