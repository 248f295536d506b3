import { loadBoardProfile } from '../sim/avr/profile.js';

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
  pingIntervalMs: 1000,
  silentAfterMs: 3500,
  backoffInitialMs: 250,
  backoffMaxMs: 5000,
  garbageLimit: 20,
  garbageWindowMs: 10_000,
  quarantineMs: 30_000,
};

/**
 * How long `board`'s bootloader keeps listening after each byte it receives, from its profile (the
 * Mega's stk500v2 restarts its timeout on every byte: a host that keeps talking to a Mega reset by
 * its button or a brown-out holds it there); 0 for a bootloader that does not, or a board type
 * without a profile (Firmata).
 */
export function bootloaderListensMs(board: string): number {
  if (!/^[a-z0-9-]+$/.test(board)) return 0;
  try {
    return loadBoardProfile(board).bootloader?.listensAfterByteMs ?? 0;
  } catch {
    return 0;
  }
}
