// @ts-check
/**
 * `npm test`: the type check (tsc -p tsconfig.test.json) and the suite (vitest run, with any
 * arguments given after `npm test --`) at the same time. The type check is one core's 12 s, and
 * the suite leaves a core idle for longer than that while its tests wait on timers; run one after
 * the other, the check added its whole time to every run. A type error still fails the run at
 * once: the suite is stopped and tsc's errors are printed, as before, when tsc ran first.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const tscBin = require.resolve('typescript/bin/tsc');
const vitestPackage = require.resolve('vitest/package.json');
const vitestBin = join(dirname(vitestPackage), require(vitestPackage).bin.vitest);

const suite = spawn(process.execPath, [vitestBin, 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
const suiteEnded = new Promise((resolve) => suite.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));

const typecheck = spawn(process.execPath, [tscBin, '-p', 'tsconfig.test.json'], { stdio: ['ignore', 'pipe', 'pipe'] });
let typeErrors = '';
typecheck.stdout.on('data', (chunk) => (typeErrors += chunk));
typecheck.stderr.on('data', (chunk) => (typeErrors += chunk));
const typecheckEnded = new Promise((resolve) => typecheck.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));

// A Ctrl-C reaches both children from the terminal: the script only waits for them to end. A
// SIGTERM (a CI job cancelled) is for the script alone: it passes it on.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => {
  suite.kill('SIGTERM');
  typecheck.kill('SIGTERM');
});

const typecheckCode = await typecheckEnded;
if (typecheckCode !== 0) {
  suite.kill('SIGTERM');
  await suiteEnded;
  process.stderr.write(`\n${typeErrors}\nnpm test: the type check failed (tsc -p tsconfig.test.json, above); the tests were stopped. Fix the types and run npm test again.\n`);
  process.exit(typecheckCode);
}
process.exit(await suiteEnded);
