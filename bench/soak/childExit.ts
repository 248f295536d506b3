/**
 * A child process's end, whether it is still coming or already happened. `exitCode` stays null for
 * a child ended by a signal (a SIGKILL), so "exitCode === null" is not "still running": a soak stop
 * that came between a kill and its restart waited for an 'exit' that had already fired, for ever.
 */
import type { ChildProcess } from 'node:child_process';

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves once `child` has exited (at once if it already has). */
export function exitOf(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (hasExited(child)) return resolve();
    child.once('exit', () => resolve());
  });
}
