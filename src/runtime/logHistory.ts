/**
 * The exhibit's last log lines, kept so a page opened later still sees how the exhibit started
 * (boards coming online, training on start) and what happened since: the live stream only carries
 * what comes after a page connects. Bounded, so weeks of running keep only the newest lines.
 */
import type { LogLevel } from './boardSupervisor.js';

/** How many lines are kept: a screenful and more of the console's log, a few kB in every state. */
export const LOG_HISTORY_SIZE = 100;

export interface LogLine {
  level: LogLevel;
  message: string;
  /** Wall-clock time it was logged (ms since 1970), as the stream's `log` events carry it. */
  at: number;
}

export class LogHistory {
  private readonly lines: LogLine[] = [];

  constructor(private readonly size = LOG_HISTORY_SIZE) {}

  add(line: LogLine): void {
    this.lines.push(line);
    if (this.lines.length > this.size) this.lines.splice(0, this.lines.length - this.size);
  }

  /** The lines kept, oldest first (a copy). */
  entries(): LogLine[] {
    return this.lines.map((line) => ({ ...line }));
  }
}
