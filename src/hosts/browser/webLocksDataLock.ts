/// <reference lib="dom" />
/**
 * The browser host's DataLock (src/platform/exhibitStore.ts) over Web Locks: while one tab's worker
 * runs an exhibit, no other saves into the same IndexedDB record. The lock is held by a request whose
 * callback waits until `release()`; a closed tab or a killed worker lets go of it by itself, which is
 * what lets a second tab take over (dashboard/kit/siteTab.js).
 */
import type { DataLock } from '../../platform/exhibitStore.js';

/** The lock's name for a rig's saved state: one per rig, as the Node host has one state file per rig. */
export function exhibitLockName(rig: string): string {
  return `neuroboard-exhibit-${rig}`;
}

/**
 * Takes the lock `name`, waiting for whoever holds it; `ifAvailable` resolves null at once when it is held.
 * (Web Locks are per origin: tabs and workers of the same site share them.)
 */
export function takeWebLock(name: string, options: { ifAvailable?: boolean } = {}): Promise<DataLock | null> {
  return new Promise((resolveTaken, rejectTaken) => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    navigator.locks
      .request(name, { mode: 'exclusive', ifAvailable: options.ifAvailable === true }, (lock) => {
        if (!lock) {
          resolveTaken(null);
          return undefined;
        }
        let released = false;
        resolveTaken({
          release: async () => {
            if (released) return;
            released = true;
            release();
          },
        });
        return held;
      })
      .catch(rejectTaken);
  });
}
