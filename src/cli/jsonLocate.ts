/**
 * Finds where a field is in JSON text, so `check` can say "line 12, column 18" for an error that
 * names only a field (`/boards/1/channels/0/node`, `layers[1].weights[3]`). The text is known to
 * parse; a field that is missing is located at its nearest parent.
 */
import { positionOf, type TextPosition } from '../core/jsonSyntax.js';

export type { TextPosition };

/** The segments of a field path in either of our notations; null when it is not a path (e.g. "line 3"). */
export function fieldSegments(field: string): (string | number)[] | null {
  if (/^line \d+/.test(field)) return null;
  return field
    .split(/[/.[\]]+/)
    .filter((s) => s !== '')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Line and column (1-based) of the value at `segments`, or of the deepest parent that exists. */
export function locateJson(text: string, segments: readonly (string | number)[]): TextPosition {
  let pos = skipWs(text, 0);
  for (const seg of segments) {
    const next = childStart(text, pos, seg);
    if (next === null) break;
    pos = next;
  }
  return positionOf(text, pos);
}

function childStart(text: string, pos: number, seg: string | number): number | null {
  const open = text[pos];
  if (open !== '{' && open !== '[') return null;
  let i = skipWs(text, pos + 1);
  let index = 0;
  while (i < text.length && text[i] !== '}' && text[i] !== ']') {
    if (open === '{') {
      const keyEnd = skipString(text, i);
      const key = JSON.parse(text.slice(i, keyEnd)) as string;
      i = skipWs(text, keyEnd);
      i = skipWs(text, i + 1); // the colon
      if (key === String(seg)) return i;
    } else if (index === seg) {
      return i;
    }
    i = skipWs(text, skipValue(text, i));
    if (text[i] === ',') i = skipWs(text, i + 1);
    index++;
  }
  return null;
}

function skipWs(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

function skipString(text: string, i: number): number {
  i++; // opening quote
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

function skipValue(text: string, i: number): number {
  const ch = text[i];
  if (ch === '"') return skipString(text, i);
  if (ch === '{' || ch === '[') {
    let depth = 0;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i = skipString(text, i);
        continue;
      }
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return i;
  }
  while (i < text.length && !/[\s,}\]]/.test(text[i]!)) i++;
  return i;
}
