/**
 * The JSON syntax locator agrees with JSON.parse on what is valid, points at the first wrong
 * character, and never quotes the text: a file of /etc/passwd lines handed over as a rig must not come
 * back in the error (issue 18, item 10).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isNbError, parseNetwork } from '../../src/core/index.js';
import { findJsonSyntaxError } from '../../src/core/jsonSyntax.js';

const PASSWD = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('findJsonSyntaxError', () => {
  it('finds an error exactly when JSON.parse refuses the text (JSON documents, mutated by a character, and JSON-ish noise)', () => {
    const jsonish = fc.stringMatching(/^[\s{}[\]",:0-9eE.+\-tfnrulsa\\]{0,30}$/);
    const mutated = fc.tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '-', '0', '\n', '\\', 'x', '\t')).map(([json, at, c]) => {
      const i = at % (json.length + 1);
      return json.slice(0, i) + c + json.slice(i + (at % 2));
    });
    fc.assert(
      fc.property(fc.oneof(fc.json(), mutated, jsonish, fc.string()), (text) => {
        expect(findJsonSyntaxError(text) === null).toBe(parses(text));
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ['{"a": 1,}', 1, 9, /comma before \}/],
    ['[1, 2,]', 1, 7, /comma before \]/],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, /expected , or \} after a property value/],
    ['{"a" 1}', 1, 6, /expected : after a property name/],
    ['[1, 2', 1, 6, /ends too early \(missing \]\)/],
    ['{"a": [', 1, 8, /ends too early \(missing \] \}\)/],
    ['', 1, 1, /empty/],
    ['{"a": "b\tc"}', 1, 9, /control character/],
    ['{"a": "\\q"}', 1, 8, /backslash/],
    ['{"a": 01}', 1, 7, /malformed number/],
    ['{"a": tru}', 1, 7, /a word where a value should be/],
    ['{} {}', 1, 4, /more text after the end/],
    ['\ufeff{}', 1, 1, /byte order mark/],
    ['{"a": "never ends}', 1, 7, /never ends/],
  ])('%j: line %i, column %i', (text, line, column, reason) => {
    const found = findJsonSyntaxError(text);
    expect(found).toMatchObject({ line, column });
    expect(found!.reason).toMatch(reason);
  });

  it('says where a passwd file breaks (line 1, column 1) and why, without a character of it', () => {
    const found = findJsonSyntaxError(PASSWD)!;
    expect(found).toMatchObject({ line: 1, column: 1 });
    for (const word of ['root', 'daemon', 'bash', 'x:0']) expect(found.reason).not.toContain(word);
  });

  it('walks a million open brackets without overflowing the stack', () => {
    expect(findJsonSyntaxError('['.repeat(1_000_000))?.reason).toMatch(/ends too early/);
  });
});

describe('core JSON parsing', () => {
  it('a network "file" holding passwd lines is refused with the line and column, not its text', () => {
    let message = '';
    try {
      parseNetwork(PASSWD);
    } catch (err) {
      expect(isNbError(err, 'NB_ERR_INVALID_NETWORK')).toBe(true);
      message = (err as Error).message;
    }
    expect(message).toMatch(/^the network file is not valid JSON at line 1, column 1: /);
    expect(message).not.toContain('root');
  });
});
