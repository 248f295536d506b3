/** The check after every kill: does the saved state load, and does it hold every confirmed example? */
import { readdir } from 'node:fs/promises';
import { exhibitStore } from '../../src/hosts/node/stateFile.js';
import { exampleKey } from './ipc.js';

/**
 * The check after every kill: the state file must load (from the file itself or its kept copy) and
 * hold every example a save had confirmed before the kill. Returns what is wrong, if anything.
 */
export async function checkSavedState(
  dataDir: string,
  rigName: string,
  confirmed: ReadonlySet<string>,
): Promise<{ problems: string[]; loaded: boolean; from: 'current' | 'previous' | null; strayFiles: number }> {
  // Temp files of saves cut short by a kill (the store's `<file>.<number>` and `.prev.<number>.tmp`).
  const strayFiles = (await readdir(dataDir).catch(() => [] as string[])).filter((f) => /\.state\.json\.(\d+|prev\.\d+\.tmp)$/.test(f)).length;
  const result = await loadAndCompare(dataDir, rigName, confirmed);
  return { ...result, strayFiles };
}

async function loadAndCompare(
  dataDir: string,
  rigName: string,
  confirmed: ReadonlySet<string>,
): Promise<{ problems: string[]; loaded: boolean; from: 'current' | 'previous' | null }> {
  try {
    const loaded = await exhibitStore(dataDir, rigName).load();
    if (loaded === null) {
      return { problems: confirmed.size > 0 ? [`no state file, but ${confirmed.size} examples were confirmed saved`] : [], loaded: false, from: null };
    }
    const have = new Set(loaded.value.corpus.examples.map((e) => exampleKey(e.inputs)));
    const missing = [...confirmed].filter((k) => !have.has(k));
    const problems = missing.length > 0 ? [`${missing.length} confirmed examples missing (${missing.slice(0, 3).join(' | ')})`] : [];
    return { problems, loaded: true, from: loaded.from };
  } catch (err) {
    return { problems: [`the saved state does not load: ${(err as Error).message.slice(0, 300)}`], loaded: false, from: null };
  }
}
