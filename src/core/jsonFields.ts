/**
 * Small checks for reading untrusted JSON, each throwing an NbError that names the field path
 * (e.g. `layers[1].weights[3]`), so a bad file is reported where it is wrong rather than crashing
 * later somewhere else.
 */
import { NbError, type ErrorCode } from './errors.js';
import { findJsonSyntaxError } from './jsonSyntax.js';

/** The value as a plain object, or an error naming `field`. */
export function objectAt(value: unknown, field: string, code: ErrorCode): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new NbError(code, `${field || 'the document'} must be a JSON object, got ${describe(value)}`, { field });
  }
  return value as Record<string, unknown>;
}

/** The value as an array, or an error naming `field`. */
export function arrayAt(value: unknown, field: string, code: ErrorCode): unknown[] {
  if (!Array.isArray(value)) {
    throw new NbError(code, `${field} must be an array, got ${describe(value)}`, { field });
  }
  return value;
}

/**
 * A finite number, or an error naming `field`. `allowNegativeZero` accepts the string "-0",
 * which is how we write −0 (JSON.stringify writes −0 as 0, which would lose the sign bit).
 */
export function finiteAt(value: unknown, field: string, code: ErrorCode, allowNegativeZero = false): number {
  if (allowNegativeZero && value === '-0') return -0;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new NbError(code, `${field} must be a finite number, got ${describe(value)}`, { field });
  }
  return value;
}

/** Says what a bad value was, briefly, for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value;
}

/** Writes a number so that reading it back gives the same double, −0 included (see `finiteAt`). */
export function exactNumber(x: number): number | '-0' {
  return Object.is(x, -0) ? '-0' : x;
}

/**
 * Parses JSON text, turning a syntax error into an NbError with `code` that says where and why in
 * our words (jsonSyntax.ts), never quoting the text as JSON.parse's own message does.
 */
export function parseJsonText(text: string, what: string, code: ErrorCode): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const found = findJsonSyntaxError(text);
    const where = found ? ` at line ${found.line}, column ${found.column}: ${found.reason}` : '';
    throw new NbError(code, `the ${what} is not valid JSON${where}`);
  }
}
