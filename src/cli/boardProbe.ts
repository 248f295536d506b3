/**
 * Asks whatever is on a serial port who it is, through the native serialport binding and our
 * firmware's handshake (BOOT, or HELLO in answer to WHO). Opening an Uno or Nano resets it, which
 * is harmless here but is why `ports` says so.
 */
import { isNbError } from '../core/errors.js';
import { shippedCatalogue } from '../hosts/node/boardFiles.js';
import { nativeSerialBinding } from '../hosts/node/serialportBindings.js';
import type { SerialBinding } from '../platform/serialBinding.js';
import type { BoardIdentity } from '../transports/board.js';
import { SerialNeuronBoard, type BoardTimeouts } from '../transports/serialBoard.js';

export type ProbeResult =
  | { path: string; answered: true; identity: BoardIdentity }
  | { path: string; answered: false; code: string; error: string };

/** Opens `path`, waits for the board to say who it is, and closes it again. Never throws. */
export async function probePort(
  path: string,
  options: { binding?: SerialBinding; timeouts?: Partial<BoardTimeouts> } = {},
): Promise<ProbeResult> {
  let board: SerialNeuronBoard | null = null;
  try {
    const binding = options.binding ?? (await nativeSerialBinding());
    board = new SerialNeuronBoard({ path, binding, catalogue: shippedCatalogue(), transport: 'serial', ...(options.timeouts ? { timeouts: options.timeouts } : {}) });
    const identity = await board.open();
    return { path, answered: true, identity };
  } catch (err) {
    return {
      path,
      answered: false,
      code: isNbError(err) ? err.code : 'NB_ERR_PORT_OPEN',
      error: err instanceof Error ? err.message : String(err),
    };
  } finally {
    await board?.close().catch(() => undefined);
  }
}
