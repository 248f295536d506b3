/**
 * fault: SIGKILL while teaching as fast as the API answers. The real server (`neuroboard start
 * --fake`) is killed at a random moment in each round and restarted on the same data folder; every
 * example a 2xx confirmed must be in what the restart loads. The long version is
 * `npx tsx bench/soak/teachKillRun.ts --rounds 200`.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleChild } from '../../bench/soak/bundle.js';
import { runTeachKill } from '../../bench/soak/teachKill.js';
import { PACKAGE_ROOT } from '../../src/hosts/node/paths.js';

let cliPath = '';
beforeAll(async () => {
  cliPath = await bundleChild(join(PACKAGE_ROOT, 'src', 'cli', 'main.ts'));
});
afterAll(async () => {
  await rm(cliPath, { force: true });
});

describe('a confirmed teach survives SIGKILL', () => {
  it('fault: 12 SIGKILLs at random moments while 4 loops teach: no confirmed example is missing after a restart', async () => {
    const lines: string[] = [];
    const figures = await runTeachKill({ cliPath, rounds: 12, seed: 11, loops: 4, killAfterMs: [0, 800], log: (l) => lines.push(l) });
    // The loops really taught between the kills (so a lost save had something to lose). A round
    // costs a Node start (about 1 s; several on a loaded machine) and up to 0.8 s of teaching.
    expect(figures.confirmed).toBeGreaterThan(12);
    expect(figures.missing, `${lines.join('\n')}\nconfirmed ${figures.confirmed}`).toBe(0);
  }, 180_000);
});
