/**
 * Plain assertions for test code that also runs outside vitest (the board contract, bundled into a
 * Chromium page): each throws an Error saying what was expected and what came, and nothing else.
 */

const show = (value: unknown): string => {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

/** Deep equality of plain data (JSON-like values). */
function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export function checkEqual(actual: unknown, expected: unknown, what: string): void {
  if (!same(actual, expected)) throw new Error(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

export function checkTrue(condition: boolean, what: string, detail?: unknown): void {
  if (!condition) throw new Error(`${what}${detail === undefined ? '' : ` (got ${show(detail)})`}`);
}

export function checkMatch(text: string | undefined, pattern: RegExp | string, what: string): void {
  const ok = typeof text === 'string' && (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text));
  if (!ok) throw new Error(`${what}: expected ${typeof pattern === 'string' ? JSON.stringify(pattern) : String(pattern)} in ${show(text)}`);
}

/** The error `promise` rejects with; fails when it resolves. */
export async function rejection(promise: Promise<unknown>, what: string): Promise<Error & { code?: string }> {
  let result: unknown;
  try {
    result = await promise;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error(`${what}: expected a rejection, it resolved with ${show(result)}`);
}

/** Rejects with an NbError of `code` (and a message matching `message`, when given). */
export async function checkRejects(promise: Promise<unknown>, code: string, what: string, message?: RegExp | string): Promise<Error & { code?: string }> {
  const err = await rejection(promise, what);
  if (err?.code !== code) throw new Error(`${what}: expected a rejection with ${code}, got ${show(err)}`);
  if (message !== undefined) checkMatch(err.message, message, `${what} (message)`);
  return err;
}
