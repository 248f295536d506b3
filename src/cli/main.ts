#!/usr/bin/env node
/**
 * The `neuroboard` command. Each subcommand lives in its own file; this one only wires them up and
 * turns an NbError into its message and exit code, so scripts can rely on the codes in core/errors.ts.
 */
import { Command } from 'commander';
import pc from 'picocolors';
import { isNbError, messageWithAdvice } from '../core/errors.js';
import { CLI_ADVICE } from './errorAdvice.js';
import { usageExits } from './exitCodes.js';
import { VERSION } from './version.js';
import { registerStart } from './commands/start.js';
import { registerTest } from './commands/test.js';
import { registerPorts } from './commands/ports.js';
import { registerFlash } from './commands/flash.js';
import { registerTrain } from './commands/train.js';
import { registerCheck } from './commands/check.js';
import { registerDoctor } from './commands/doctor.js';
import { registerTty } from './commands/tty.js';

const program = new Command()
  .name('neuroboard')
  .description('A neural network you can watch: Arduino boards as neurons, or simulated ones.')
  .version(VERSION);

registerStart(program);
registerTest(program);
registerPorts(program);
registerFlash(program);
registerTrain(program);
registerCheck(program);
registerDoctor(program);
registerTty(program);
// An unknown command or option, a missing argument, a bad choice: a usage error (64) on every
// command, as the README's table says (commander's own exit is 1).
usageExits(program);
for (const command of program.commands) usageExits(command);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (isNbError(err)) {
    console.error(`${pc.red('error')} ${err.code}: ${messageWithAdvice(err, CLI_ADVICE)}`);
    process.exitCode = err.exitCode;
  } else {
    console.error(err);
    process.exitCode = 70; // EX_SOFTWARE: a bug of ours, not the user's input
  }
}
