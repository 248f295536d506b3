/**
 * Reads a JSON data file on Node: a regular file of bounded size (dataFile.ts), parsed so that a
 * broken one says where it is broken in our words (core/jsonSyntax.ts).
 */
import { parseJsonFile } from '../../core/jsonSyntax.js';
import type { ErrorCode } from '../../core/errors.js';
import { DATA_FILE_MAX_BYTES, readDataFile } from './dataFile.js';

/**
 * Reads (dataFile.ts: a regular file, at most `maxBytes`) and parses a JSON file. A file that cannot
 * be read is NB_ERR_IO (exit 74, "a file could not be read") whatever it should have held; `code` is
 * for what is wrong inside a file that could be read. `what` names its kind in messages.
 */
export async function readJsonFile(path: string, code: ErrorCode, what: string, maxBytes = DATA_FILE_MAX_BYTES): Promise<unknown> {
  return parseJsonFile(await readDataFile(path, what, maxBytes), path, code);
}
