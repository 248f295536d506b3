/**
 * Where JSON text is broken and why, in our own words. JSON.parse's messages quote the text around
 * the error ("Unexpected token 'r', "root:x:0:0"... is not valid JSON") and often give no position
 * at all; an error about a file must never repeat what the file holds (it may be anybody's file),
 * and a person fixing it needs the line and column. So after JSON.parse has refused a text, this
 * walks it once more, by the JSON grammar (RFC 8259), to the first character that is wrong.
 *
 * Iterative, with an explicit stack of open brackets: a file of a million "[" must not overflow
 * the call stack. `parseJsonFile` is how every JSON file neuroboard is handed gets parsed, on any host.
 */
import { NbError, type ErrorCode } from './errors.js';

export interface TextPosition {
  line: number;
  column: number;
}

export interface JsonSyntaxError extends TextPosition {
  /** Offset (in UTF-16 code units, as JavaScript strings count) of the first character that is wrong. */
  offset: number;
  /** What is wrong, without quoting the text. */
  reason: string;
}

/** Line and column (1-based) of a character offset in `text`. */
export function positionOf(text: string, offset: number): TextPosition {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** The first syntax error in `text`, or null when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;
  const n = text.length;
  /** The closing bracket of every object and array still open, innermost last. */
  const open: ('}' | ']')[] = [];
  const at = (reason: string, offset = i): JsonSyntaxError => ({ offset, ...positionOf(text, offset), reason });
  const endsEarly = (): JsonSyntaxError =>
    open.length === 0 ? at('the text ends where a value should be') : at(`the text ends too early (missing ${[...open].reverse().join(' ')})`);
  const skipWhitespace = (): void => {
    while (i < n) {
      const c = text[i];
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return;
      i++;
    }
  };
  /** A string starting at the quote at i; leaves i after its closing quote. */
  const string = (): JsonSyntaxError | null => {
    const start = i++;
    while (i < n) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return null;
      }
      if (c < ' ') return at('a control character (a tab or a line break) inside a string: write it as \\t or \\n');
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!HEX4.test(text.slice(i + 2, i + 6))) return at('a \\u escape needs four hex digits');
          i += 6;
        } else if (e !== undefined && ESCAPES.has(e)) {
          i += 2;
        } else {
          return at('a backslash in a string that starts no known escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u)');
        }
        continue;
      }
      i++;
    }
    return at('a string that never ends (a missing ")', start);
  };

  if (text.charCodeAt(0) === 0xfeff) return at('a byte order mark (BOM) before the JSON: save the file as UTF-8 without a BOM', 0);
  let mode: 'value' | 'key' | 'after' = 'value';
  for (;;) {
    skipWhitespace();
    if (mode === 'value') {
      if (i >= n) return text.trim() === '' ? at('the file is empty') : endsEarly();
      const c = text[i]!;
      if (c === '{' || c === '[') {
        i++;
        skipWhitespace();
        const close = c === '{' ? '}' : ']';
        if (text[i] === close) {
          i++;
          mode = 'after';
        } else {
          open.push(close);
          mode = c === '{' ? 'key' : 'value';
        }
      } else if (c === '"') {
        const e = string();
        if (e) return e;
        mode = 'after';
      } else if (c === '-' || (c >= '0' && c <= '9')) {
        NUMBER.lastIndex = i;
        const m = NUMBER.exec(text);
        const end = m ? i + m[0].length : i;
        if (!m || /[0-9.eE+-]/.test(text[end] ?? '')) return at('a malformed number (JSON numbers look like 12, -0.5 or 1e-3)');
        i = end;
        mode = 'after';
      } else if (text.startsWith('true', i) || text.startsWith('null', i) || text.startsWith('false', i)) {
        i += text.startsWith('false', i) ? 5 : 4;
        mode = 'after';
      } else if (/[A-Za-z_]/.test(c)) {
        return at('a word where a value should be (a value is "text" in double quotes, a number, true, false, null, {…} or […])');
      } else {
        return at('an unexpected character where a value should be (a value is "text" in double quotes, a number, true, false, null, {…} or […])');
      }
    } else if (mode === 'key') {
      if (i >= n) return endsEarly();
      if (text[i] !== '"') return at(text[i] === '}' ? 'a comma before } (JSON allows no comma after the last property)' : 'expected a property name in double quotes');
      const e = string();
      if (e) return e;
      skipWhitespace();
      if (i >= n) return endsEarly();
      if (text[i] !== ':') return at('expected : after a property name');
      i++;
      mode = 'value';
    } else {
      const close = open[open.length - 1];
      if (close === undefined) return i < n ? at('more text after the end of the JSON value') : null;
      if (i >= n) return endsEarly();
      if (text[i] === close) {
        i++;
        open.pop();
      } else if (text[i] === ',') {
        i++;
        if (close === ']') {
          skipWhitespace();
          if (text[i] === ']') return at('a comma before ] (JSON allows no comma after the last element)');
        }
        mode = close === '}' ? 'key' : 'value';
      } else {
        return at(`expected , or ${close} after ${close === '}' ? 'a property value' : 'an array element'}`);
      }
    }
  }
}

/**
 * Parses the JSON text of the file `path`; when it is not JSON, throws an NbError with `code` that
 * says where (line, column) and why in our words, never quoting the text.
 */
export function parseJsonFile(text: string, path: string, code: ErrorCode): unknown {
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
