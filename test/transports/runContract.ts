/**
 * The board contract (boardContract.ts) in vitest, against a Node binding: one `it` per case, each on
 * a fresh rig, failing too on any rejection the code under test left unhandled (the cases run side by
 * side, so such a rejection fails every case running at the time, the one that left it among them).
 * Cases the rig cannot run (no DTR reset, no bootloader) are named in the describe's title, not
 * skipped silently.
 */
import { describe, expect, it } from 'vitest';
import { casesFor, runContractCase, type ContractOptions, type ContractRig } from './boardContract.js';

/** Rejections from the code under test that nobody handled, collected while a case runs. */
function trackUnhandledRejections(): { reasons: unknown[]; stop(): void } {
  const reasons: unknown[] = [];
  const listener = (reason: unknown) => reasons.push(reason);
  process.on('unhandledRejection', listener);
  return { reasons, stop: () => process.off('unhandledRejection', listener) };
}

export function describeBoardContract(
  name: string,
  can: ContractRig['can'],
  factory: () => ContractRig | Promise<ContractRig>,
  options: ContractOptions = {},
): void {
  const { run, left } = casesFor({ can }, options);
  // Concurrent: each case has its own rig and spends its time waiting on the emulated boards'
  // real-time boots (optiboot's second after each reset), not on the CPU.
  describe.concurrent(`NeuronBoard contract: ${name}${left.length > 0 ? ` (not for this device: ${left.length} case${left.length > 1 ? 's' : ''} needing DTR, a bootloader or a second firmware)` : ''}`, () => {
    for (const c of run) {
      it(c.name, async () => {
        const unhandled = trackUnhandledRejections();
        try {
          await runContractCase(c, async () => ({ ...(await factory()), can }), options);
          // Let any late rejection surface before checking.
          await new Promise((resolve) => setImmediate(resolve));
        } finally {
          unhandled.stop();
        }
        expect(unhandled.reasons).toEqual([]);
      });
    }
  });
}
