/** Writes scenario documents to a temporary folder for the tests, and removes them afterwards. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function scenarioDir() {
  const dir = mkdtempSync(join(tmpdir(), 'nb-scenario-'));
  let n = 0;
  return {
    dir,
    /** Writes `doc` (an object, or text as is) and returns its path. */
    write(doc: unknown, name = `s${n++}.json`): string {
      const path = join(dir, name);
      writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
      return path;
    },
    remove(): void {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A scenario on the XOR example rig with these steps. */
export function xor(steps: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { version: 1, rig: 'xor', ...extra, steps };
}
