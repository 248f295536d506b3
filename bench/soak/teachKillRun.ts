/**
 * `npx tsx bench/soak/teachKillRun.ts [--rounds 200] [--seed 1] [--loops 4]`: the long version of
 * test/integration/teachKill.test.ts. Prints a line per round that lost something and, last, one
 * JSON object with the figures; exits 1 when a confirmed example went missing.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PACKAGE_ROOT } from '../../src/hosts/node/paths.js';
import { bundleChild } from './bundle.js';
import { runTeachKill } from './teachKill.js';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '200' }, seed: { type: 'string', default: '1' }, loops: { type: 'string', default: '4' } },
});
const cliPath = await bundleChild(join(PACKAGE_ROOT, 'src', 'cli', 'main.ts'));
const started = performance.now();
try {
  const figures = await runTeachKill({
    cliPath,
    rounds: Number(values.rounds),
    seed: Number(values.seed),
    loops: Number(values.loops),
    killAfterMs: [0, 800],
    log: (line) => console.log(line),
  });
  console.log(JSON.stringify({ ...figures, missingPerRound: undefined, seconds: Math.round((performance.now() - started) / 1000) }));
  if (figures.missing > 0) process.exitCode = 1;
} finally {
  await rm(cliPath, { force: true });
}
