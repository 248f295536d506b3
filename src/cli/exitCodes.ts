/**
 * Exit codes scripts can rely on: 0 when all went well, an NbError's code (core/errors.ts) when it
 * failed, and 64 (EX_USAGE) when the command line itself was wrong. Commander exits with 1 on a bad
 * option; `usageExits` turns that into 64 for one command.
 */
import type { Command } from 'commander';
import pc from 'picocolors';
import { ERROR_TABLE, type ErrorCode } from '../core/errors.js';

export const EXIT_OK = 0;
export const EXIT_USAGE = 64;
/** A run stopped with Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

/** Makes commander's own errors (unknown option, missing value, bad choice) exit with 64; help exits 0. */
export function usageExits(command: Command): Command {
  return command.exitOverride((err) => {
    process.exit(err.exitCode === 0 ? EXIT_OK : EXIT_USAGE);
  });
}

/** The exit code of an error code in the table. */
export function exitCodeOf(code: ErrorCode): number {
  return ERROR_TABLE[code].exit;
}

/**
 * Reports a failure that has no NbError of its own (a missing tool) the way main.ts reports
 * NbErrors, and sets the exit code without throwing.
 */
export function failWith(exitCode: number, message: string): void {
  console.error(`${pc.red('error')} ${message}`);
  process.exitCode = exitCode;
}
