/** How a board supervisor paces itself, and how long a board's bootloader keeps listening (from the catalogue). */
import type { BoardCatalogue } from '../catalogue/boardCatalogue.js';
import { HOST_PING_INTERVAL_MS } from '../protocol/index.js';

/** The bounds a board supervisor keeps: how fast a lost board is noticed and retried. */
export interface SupervisorTiming {
  /** How often a live board is pinged (the firmware's silence watchdog is 5 s). */
  pingIntervalMs: number;
  /** No line from the board for this long means it is gone. */
  silentAfterMs: number;
  /** First reconnect delay, doubled after each failure up to `backoffMaxMs`. */
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** More than `garbageLimit` undecodable lines within `garbageWindowMs` quarantines the board… */
  garbageLimit: number;
  garbageWindowMs: number;
  /** …for this long, after which it is reopened. */
  quarantineMs: number;
}

export const DEFAULT_TIMING: SupervisorTiming = {
  pingIntervalMs: HOST_PING_INTERVAL_MS,
  silentAfterMs: 3500,
  backoffInitialMs: 250,
  backoffMaxMs: 5000,
  garbageLimit: 20,
  garbageWindowMs: 10_000,
  quarantineMs: 30_000,
};

/**
 * How long the bootloader of a `board` (the type it announces) keeps listening after each byte it
 * receives, from the catalogue (the Mega's stk500v2 restarts its timeout on every byte: a host that
 * keeps talking to a Mega reset by its button or a brown-out holds it there); 0 for a bootloader
 * that does not, or a board the catalogue does not describe (Firmata).
 */
export function bootloaderListensMs(catalogue: BoardCatalogue, board: string): number {
  return catalogue.find(board)?.bootloader?.listensAfterByteMs ?? 0;
}
