/**
 * Reads a JSON file and says exactly where it is broken (line and column), because "Unexpected token
 * in JSON at position 1432" tells a workshop leader nothing.
 */
import { readFile } from 'node:fs/promises';
import { NbError, type ErrorCode } from './core/errors.js';

export async function readJsonFile(path: string, code: ErrorCode): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    // A file that cannot be read is NB_ERR_IO (exit 74, "a file could not be read") whatever it
    // should have held; `code` is for what is wrong inside a file that could be read.
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new NbError('NB_ERR_IO', `${path}: cannot read it (${reason}); check the path`, { cause: err });
  }
  return parseJsonText(text, path, code);
}

export function parseJsonText(text: string, path: string, code: ErrorCode): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const message = (err as Error).message;
    const position = /position (\d+)/.exec(message);
    let where = '';
    if (position) {
      const { line, column } = positionOf(text, Number(position[1]));
      where = ` at line ${line}, column ${column}`;
    }
    throw new NbError(code, `${path}: not valid JSON${where} (${message}); fix the file (an editor that shows JSON errors helps) or restore a good copy`, {
      cause: err,
    });
  }
}

export interface TextPosition {
  line: number;
  column: number;
}

/** Line and column (1-based) of a character offset in `text`. */
export function positionOf(text: string, offset: number): TextPosition {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}
