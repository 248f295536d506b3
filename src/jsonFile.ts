/**
 * Reads a JSON data file and says exactly where it is broken (line and column), because "Unexpected
 * token in JSON at position 1432" tells a workshop leader nothing, and says why in its own words,
 * because JSON.parse's message quotes the file's text and an error must never repeat what a file
 * holds (dataFile.ts: it may be anybody's file).
 */
import { findJsonSyntaxError } from './core/json-syntax.js';
import { NbError, type ErrorCode } from './core/errors.js';
import { DATA_FILE_MAX_BYTES, readDataFile } from './dataFile.js';

/**
 * Reads (dataFile.ts: a regular file, at most `maxBytes`) and parses a JSON file. A file that cannot
 * be read is NB_ERR_IO (exit 74, "a file could not be read") whatever it should have held; `code` is
 * for what is wrong inside a file that could be read. `what` names its kind in messages.
 */
export async function readJsonFile(path: string, code: ErrorCode, what: string, maxBytes = DATA_FILE_MAX_BYTES): Promise<unknown> {
  return parseJsonText(await readDataFile(path, what, maxBytes), path, code);
}

export function parseJsonText(text: string, path: string, code: ErrorCode): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not the SyntaxError as the cause: its message quotes the text, and causes end up in logs.
    throw new NbError(code, `${path}: ${jsonSyntaxMessage(text)}; fix the file (an editor that shows JSON errors helps) or restore a good copy`);
  }
}

/** "not valid JSON at line 3, column 5: expected , or } after a property value", for a text JSON.parse refused. */
export function jsonSyntaxMessage(text: string): string {
  const found = findJsonSyntaxError(text);
  return found ? `not valid JSON at line ${found.line}, column ${found.column}: ${found.reason}` : 'not valid JSON';
}
